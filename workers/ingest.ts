import { Worker } from "bullmq";
import type { Ingest } from "../src/ingest/index.js";
import type { PollResult } from "../src/ingest/poll/source-poller.js";
import { INGEST_QUEUE, type PollJobData, RECONCILE_JOB } from "../src/queues/ingest.js";
import type { Logger } from "../src/logger.js";
import { bullConnection, type QueueSettings } from "../src/queues/connection.js";
import type { VigilPubSub } from "../src/realtime/pubsub.js";

export type RunningIngestWorker = { worker: Worker; stopFollowingChanges(): Promise<void> };

/**
 * Polls: one job per source and poll interval lists the source and queues its new objects. Keeps the
 * schedules in step with the sources: at start, every few minutes, and on each change announced by
 * the API.
 */
export async function startIngestWorker(ingest: Ingest, queues: QueueSettings, pubSub: VigilPubSub, logger: Logger): Promise<RunningIngestWorker> {
  const changes = pubSub.subscribe("LOG_SOURCE_CHANGED");
  const following = (async () => {
    for await (const { logSourceId } of changes) {
      await ingest.schedules.sync(logSourceId).catch((err: unknown) => logger.error({ err, logSourceId }, "could not update a poll schedule"));
    }
  })();
  const reconciled = await ingest.schedules.reconcile();
  await ingest.queues.scheduleReconciliation();
  logger.info(reconciled, "log source poll schedules reconciled");

  const worker = new Worker<PollJobData>(
    INGEST_QUEUE,
    async (job) => (job.name === RECONCILE_JOB ? ingest.schedules.reconcile() : ingest.poller.poll(job.data.logSourceId)),
    // Polls wait on listings, not on the CPU; a few at a time keep many sources moving.
    { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix, concurrency: 4 },
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
      await changes.return?.();
      await following;
    },
  };
}
