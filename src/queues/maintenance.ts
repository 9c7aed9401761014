import { Queue } from "bullmq";
import { bullConnection, type QueueSettings } from "./connection.js";

export const MAINTENANCE_QUEUE = "maintenance";
export const DAILY_PURGE_JOB = "daily-purge";
export const WATCH_SOURCES_JOB = "watch-sources";
export const PRUNE_FINDING_EVENTS_JOB = "prune-finding-events";

/** Failing and silent sources are looked for this often: a silence is noticed within minutes of its threshold. */
const WATCH_SOURCES_EVERY_MS = 5 * 60_000;
/** The live notification log is pruned this often, so it holds little more than its hour. */
const PRUNE_FINDING_EVENTS_EVERY_MS = 10 * 60_000;

/** The daily housekeeping, the pruning of the live notification log and the watch of the log sources (self-protection). Upserting is idempotent: every worker process may do it at start, one schedule remains. */
export async function scheduleMaintenance(settings: QueueSettings): Promise<void> {
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: bullConnection(settings.redisUrl), prefix: settings.queuePrefix });
  await queue.upsertJobScheduler(DAILY_PURGE_JOB, { pattern: "17 3 * * *", tz: "UTC" }, { name: DAILY_PURGE_JOB });
  await queue.upsertJobScheduler(WATCH_SOURCES_JOB, { every: WATCH_SOURCES_EVERY_MS }, { name: WATCH_SOURCES_JOB });
  await queue.upsertJobScheduler(PRUNE_FINDING_EVENTS_JOB, { every: PRUNE_FINDING_EVENTS_EVERY_MS }, { name: PRUNE_FINDING_EVENTS_JOB });
  await queue.close();
}
