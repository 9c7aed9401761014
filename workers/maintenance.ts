import { Worker } from "bullmq";
import { bullConnection, type QueueSettings } from "../src/queues/connection.js";
import { DAILY_PURGE_JOB, MAINTENANCE_QUEUE, PRUNE_FINDING_EVENTS_JOB, scheduleMaintenance, WATCH_SOURCES_JOB } from "../src/queues/maintenance.js";
import type { Logger } from "../src/logger.js";
import type { Services } from "../src/services/index.js";

export type MaintenanceOptions = { revokedKeyRetentionDays: number };

/** A reader needs the log only for the few minutes a transaction may take to commit; an hour leaves room to look. */
const FINDING_EVENTS_RETENTION_MS = 3_600_000;

/**
 * Housekeeping on a schedule: drops data past its retention so tables stay bounded (the live
 * notification log every ten minutes, the rest daily), and watches the log sources for failures and
 * silences that blind detection (self-protection findings).
 */
export async function startMaintenanceWorker(
  queues: QueueSettings,
  services: Services,
  options: MaintenanceOptions,
  logger: Logger,
): Promise<Worker> {
  await scheduleMaintenance(queues);

  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      if (job.name === WATCH_SOURCES_JOB) {
        const raised = await services.selfProtection.watchSources();
        if (raised > 0) logger.warn({ raised }, "maintenance: log sources failing or gone silent");
        return { raised };
      }
      if (job.name === PRUNE_FINDING_EVENTS_JOB) {
        const findingEvents = await services.findings.pruneEventsBefore(new Date(Date.now() - FINDING_EVENTS_RETENTION_MS));
        return { findingEvents };
      }
      if (job.name !== DAILY_PURGE_JOB) throw new Error(`unknown maintenance job ${job.name}`);
      const cutoff = new Date(Date.now() - options.revokedKeyRetentionDays * 86_400_000);
      const revokedKeys = await services.apiKeys.purgeRevokedBefore(cutoff);
      // Firehose repeats a delivery for at most a day (its longest retry duration, 7200 s, is far less).
      const streamedEventIds = await services.ingestion.purgeStreamedEventsBefore(new Date(Date.now() - 86_400_000));
      logger.info({ revokedKeys, streamedEventIds }, "maintenance: purged data past retention");
      return { revokedKeys, streamedEventIds };
    },
    { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix, concurrency: 1 },
  );
  worker.on("failed", (job, error) => logger.error({ err: error, job: job?.name }, "maintenance job failed"));
  return worker;
}
