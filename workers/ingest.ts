import { Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Ingest } from "../src/ingest/index.js";
import type { PollResult } from "../src/ingest/poll/source-poller.js";
import { INGEST_QUEUE, type PollJobData, RECONCILE_JOB } from "../src/queues/ingest.js";
import type { Logger } from "../src/logger.js";
import { bullConnection, type QueueSettings } from "../src/queues/connection.js";
import type { VigilPubSub } from "../src/realtime/pubsub.js";
import { queueTelemetry, traced } from "../src/telemetry/tracing.js";

/** A poll in its own span: the process jobs of the objects it queues continue its trace. */
function poll(ingest: Ingest, logSourceId: string): Promise<PollResult> {
  return traced("vigil.poll_source", { "vigil.log_source.id": logSourceId }, async (span) => {
    const result = await ingest.poller.poll(logSourceId);
    span.setAttributes(result.status === "OK" ? { "vigil.poll.status": result.status, "vigil.objects.listed": result.listed, "vigil.objects.queued": result.queued } : { "vigil.poll.status": result.status });
    return result;
  });
}

export type RunningIngestWorker = { worker: Worker; stopFollowingChanges(): Promise<void> };

export type IngestWorkerOptions = {
  /** Between two reconciliations besides those at start and after a Redis reconnect (VIGIL_RECONCILE_SECONDS). */
  reconcileEveryMs: number;
  /** Counts a Redis reconnect (in PostgreSQL, so that /metrics of any API process shows it). */
  onRedisReconnect: () => Promise<void>;
};

/**
 * Polls: one job per source and poll interval lists the source and queues its new objects. Keeps the
 * schedules in step with the sources on each change announced by the API, and reconciles Redis with
 * PostgreSQL (lost process jobs and poll schedules) at start, after each Redis reconnect and on a
 * timer in this process: a timer, not a Redis schedule, because a Redis loss would take that too.
 */
export async function startIngestWorker(ingest: Ingest, queues: QueueSettings, pubSub: VigilPubSub, logger: Logger, options: IngestWorkerOptions): Promise<RunningIngestWorker> {
  const changes = pubSub.subscribe("LOG_SOURCE_CHANGED");
  const following = (async () => {
    for await (const { logSourceId } of changes) {
      await ingest.schedules.sync(logSourceId).catch((err: unknown) => logger.error({ err, logSourceId }, "could not update a poll schedule"));
      await ingest.watchers.sync(logSourceId).catch((err: unknown) => logger.error({ err, logSourceId }, "could not update a folder watch"));
    }
  })();
  const reconcile = async (why: string) => {
    try {
      const outcome = await ingest.reconciler.reconcile();
      const { watched } = await ingest.watchers.reconcile();
      logger.info({ ...outcome, watched, why }, "queues reconciled with the database");
    } catch (err) {
      logger.error({ err, why }, "could not reconcile the queues with the database");
    }
  };
  await ingest.queues.removeLegacyReconcileSchedule();
  await reconcile("worker start");
  const timer = setInterval(() => void reconcile("periodic"), options.reconcileEveryMs);
  timer.unref();
  const watcher = watchReconnects(queues, async () => {
    await options.onRedisReconnect().catch((err: unknown) => logger.error({ err }, "could not count a Redis reconnect"));
    logger.warn("Redis is back after a disconnect: queueing again what it may have lost");
    await reconcile("redis reconnect");
  });

  const worker = new Worker<PollJobData>(
    INGEST_QUEUE,
    // A reconcile job can still be waiting from the Redis schedule of an earlier release.
    async (job) => (job.name === RECONCILE_JOB ? ingest.reconciler.reconcile() : poll(ingest, job.data.logSourceId)),
    // Polls wait on listings, not on the CPU; a few at a time keep many sources moving.
    { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix, telemetry: queueTelemetry(), concurrency: 4 },
  );
  worker.on("completed", (job, result: PollResult) => {
    if (job.name === RECONCILE_JOB) return;
    if (result.status === "LOCATION_ERROR") logger.warn({ logSourceId: job.data.logSourceId, error: result.error }, "log source cannot be listed");
    else logger.debug({ logSourceId: job.data.logSourceId, ...result }, "log source polled");
  });
  worker.on("failed", (job, err) => logger.error({ err, logSourceId: job?.data.logSourceId }, "poll failed"));
  return {
    worker,
    stopFollowingChanges: async () => {
      clearInterval(timer);
      watcher.disconnect();
      await changes.return?.();
      await following;
      ingest.watchers.close();
    },
  };
}

/** The name of the connection that watches for reconnects, in Redis' CLIENT LIST. */
export function reconnectWatcherName(queuePrefix: string): string {
  return `${queuePrefix}:reconnect-watcher`;
}

/** A connection of its own whose 'ready' after the first one means Redis came back, perhaps empty. */
function watchReconnects(queues: QueueSettings, onReconnect: () => Promise<void>): Redis {
  const watcher = new Redis(queues.redisUrl, { maxRetriesPerRequest: null, connectionName: reconnectWatcherName(queues.queuePrefix) });
  let readyBefore = false;
  watcher.on("ready", () => {
    if (readyBefore) void onReconnect();
    readyBefore = true;
  });
  // Errors while Redis is away are expected; ioredis keeps reconnecting.
  watcher.on("error", () => undefined);
  return watcher;
}
