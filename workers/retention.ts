import { Worker } from "bullmq";
import type { Logger } from "../src/logger.js";
import { bullConnection, type QueueSettings } from "../src/queues/connection.js";
import { PURGE_FINDINGS_JOB, RETENTION_QUEUE, scheduleFindingPurge } from "../src/queues/retention.js";
import type { Services } from "../src/services/index.js";

export type RetentionOptions = { findingRetentionDays: number };

/** Deletes findings not updated within the retention period (GuardDuty keeps them 90 days), and instances terminated before it, daily. */
export async function startRetentionWorker(queues: QueueSettings, services: Services, options: RetentionOptions, logger: Logger): Promise<Worker> {
  await scheduleFindingPurge(queues);

  const worker = new Worker(
    RETENTION_QUEUE,
    async (job) => {
      if (job.name !== PURGE_FINDINGS_JOB) throw new Error(`unknown retention job ${job.name}`);
      const cutoff = new Date(Date.now() - options.findingRetentionDays * 86_400_000);
      const findings = await services.findings.purgeUpdatedBefore(cutoff);
      const instances = await services.inventory.purgeTerminatedBefore(cutoff);
      logger.info({ findings, instances, cutoff }, "retention: deleted findings and terminated instances past retention");
      return { findings, instances };
    },
    { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix, concurrency: 1 },
  );
  worker.on("failed", (job, error) => logger.error({ err: error, job: job?.name }, "retention job failed"));
  return worker;
}
