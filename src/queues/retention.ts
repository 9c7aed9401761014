import { Queue } from "bullmq";
import { bullConnection, type QueueSettings } from "./connection.js";

export const RETENTION_QUEUE = "retention";
export const PURGE_FINDINGS_JOB = "purge-findings";

/** The daily purge of findings past retention. Idempotent: every worker process upserts it at start, one schedule remains. */
export async function scheduleFindingPurge(settings: QueueSettings): Promise<void> {
  const queue = new Queue(RETENTION_QUEUE, { connection: bullConnection(settings.redisUrl), prefix: settings.queuePrefix });
  await queue.upsertJobScheduler(PURGE_FINDINGS_JOB, { pattern: "41 3 * * *", tz: "UTC" }, { name: PURGE_FINDINGS_JOB });
  await queue.close();
}
