import { Worker } from "bullmq";
import type { Ingest } from "../src/ingest/index.js";
import type { ProcessJobResult } from "../src/ingest/process/process-job.js";
import { PROCESS_QUEUE, type ProcessJobData } from "../src/queues/ingest.js";
import type { Logger } from "../src/logger.js";
import { bullConnection, type QueueSettings } from "../src/queues/connection.js";
import { queueTelemetry, traced, type SpanAttributes } from "../src/telemetry/tracing.js";

export type ProcessWorkerOptions = {
  /** Objects read at the same time by this process. */
  concurrency: number;
  /** A job whose worker stops renewing its lock this long (killed, hung) is handed to another worker. */
  lockMs: number;
};

const PROGRESS_EVERY_MS = 1000;

function outcomeAttributes(result: ProcessJobResult): SpanAttributes {
  if (!("events" in result)) return { "vigil.object.status": result.status };
  return { "vigil.object.status": result.status, "vigil.events": result.events, "vigil.broken_records": result.broken, "vigil.findings.written": result.findings };
}

/** Reads log objects: one job per object, retried with backoff, given up on (and recorded) after its last attempt. */
export function startProcessWorker(ingest: Ingest, queues: QueueSettings, options: ProcessWorkerOptions, logger: Logger): Worker {
  const worker = new Worker<ProcessJobData, ProcessJobResult>(
    PROCESS_QUEUE,
    async (job) => {
      let bytes = 0;
      let reported = Date.now();
      const onBytes = (n: number) => {
        bytes += n;
        if (Date.now() - reported < PROGRESS_EVERY_MS) return;
        reported = Date.now();
        void job.updateProgress({ bytes }).catch(() => undefined);
      };
      // Inside BullMQ's consumer span, which continues the trace of whoever queued the object.
      return traced("vigil.process_object", { "vigil.log_source.id": job.data.logSourceId, "vigil.object.key": job.data.objectKey, "vigil.attempt": job.attemptsMade + 1 }, async (span) => {
        const result = await ingest.processJob.run(job.data, { last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }, onBytes);
        span.setAttributes(outcomeAttributes(result));
        return result;
      });
    },
    {
      connection: bullConnection(queues.redisUrl),
      prefix: queues.queuePrefix,
      telemetry: queueTelemetry(),
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: options.lockMs,
      // A worker killed while reading an object is not the object's fault: it gets another go.
      maxStalledCount: 2,
    },
  );
  worker.on("completed", (job, result) => {
    const context = { logSourceId: job.data.logSourceId, objectKey: job.data.objectKey, ...result };
    if (result.status === "FAILED") logger.warn(context, "log object given up on");
    else logger.debug(context, "log object processed");
  });
  worker.on("failed", (job, err) => {
    if (!job) return;
    logger.warn({ err, logSourceId: job.data.logSourceId, objectKey: job.data.objectKey, attempt: job.attemptsMade }, "log object attempt failed");
    // Failed for good without our processor finishing it (it stalled too often): recorded here instead.
    void job.isFailed().then((failed) => (failed ? ingest.processJob.abandoned(job.data, err.message) : undefined)).catch((error: unknown) => logger.error({ err: error }, "could not record an abandoned log object"));
  });
  return worker;
}
