import { Queue, Worker } from "bullmq";
import { bullConnection, type QueueSettings } from "../src/queues/connection.js";
import type { Logger } from "../src/logger.js";
import type { Services } from "../src/services/index.js";

export const MAINTENANCE_QUEUE = "maintenance";
const DAILY_PURGE = "daily-purge";

export type MaintenanceOptions = { revokedKeyRetentionDays: number };

/** Housekeeping on a schedule: drops data past its retention so tables stay bounded. */
export async function startMaintenanceWorker(
  queues: QueueSettings,
  services: Services,
  options: MaintenanceOptions,
  logger: Logger,
): Promise<Worker> {
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix });
  // Upserting is idempotent: every worker process may do it at start, one schedule remains.
  await queue.upsertJobScheduler(DAILY_PURGE, { pattern: "17 3 * * *", tz: "UTC" }, { name: DAILY_PURGE });
  await queue.close();

  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      if (job.name !== DAILY_PURGE) throw new Error(`unknown maintenance job ${job.name}`);
      const cutoff = new Date(Date.now() - options.revokedKeyRetentionDays * 86_400_000);
      const revokedKeys = await services.apiKeys.purgeRevokedBefore(cutoff);
      logger.info({ revokedKeys }, "maintenance: purged data past retention");
      return { revokedKeys };
    },
    { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix, concurrency: 1 },
  );
  worker.on("failed", (job, error) => logger.error({ err: error, job: job?.name }, "maintenance job failed"));
  return worker;
}
