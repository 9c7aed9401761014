import { Queue } from "bullmq";
import { bullConnection, type QueueSettings } from "./connection.js";

export const MAINTENANCE_QUEUE = "maintenance";
export const DAILY_PURGE_JOB = "daily-purge";

/** The daily housekeeping. Upserting is idempotent: every worker process may do it at start, one schedule remains. */
export async function scheduleDailyPurge(settings: QueueSettings): Promise<void> {
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: bullConnection(settings.redisUrl), prefix: settings.queuePrefix });
  await queue.upsertJobScheduler(DAILY_PURGE_JOB, { pattern: "17 3 * * *", tz: "UTC" }, { name: DAILY_PURGE_JOB });
  await queue.close();
}
