import { Queue, Worker } from "bullmq";
import type { Logger } from "../src/logger.js";
import { bullConnection, type QueueSettings } from "../src/queues/connection.js";
import type { Services } from "../src/services/index.js";

export const RETENTION_QUEUE = "retention";
const PURGE_FINDINGS = "purge-findings";

export type RetentionOptions = { findingRetentionDays: number };

/** Deletes findings not updated within the retention period (GuardDuty keeps them 90 days), daily. */
export async function startRetentionWorker(queues: QueueSettings, services: Services, options: RetentionOptions, logger: Logger): Promise<Worker> {
  const queue = new Queue(RETENTION_QUEUE, { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix });
  // Idempotent: every worker process upserts it at start, one schedule remains.
  await queue.upsertJobScheduler(PURGE_FINDINGS, { pattern: "41 3 * * *", tz: "UTC" }, { name: PURGE_FINDINGS });
  await queue.close();

  const worker = new Worker(
    RETENTION_QUEUE,
    async (job) => {
      if (job.name !== PURGE_FINDINGS) throw new Error(`unknown retention job ${job.name}`);
      const cutoff = new Date(Date.now() - options.findingRetentionDays * 86_400_000);
      const findings = await services.findings.purgeUpdatedBefore(cutoff);
      logger.info({ findings, cutoff }, "retention: deleted findings past retention");
      return { findings };
    },
    { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix, concurrency: 1 },
  );
  worker.on("failed", (job, error) => logger.error({ err: error, job: job?.name }, "retention job failed"));
  return worker;
}
