import { createHash } from "node:crypto";
import { type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import type { Logger } from "../src/logger.js";
import { bullConnection, type QueueSettings } from "../src/queues/connection.js";
import type { FindingsUpsertedEvent, VigilPubSub } from "../src/realtime/pubsub.js";
import type { NewFindingsJob, Publisher, UpdatesJob } from "../src/services/system/publisher.js";
import { PermanentDeliveryError } from "../src/services/publishing/webhook-delivery.js";

export const PUBLISH_QUEUE = "publish";
const NEW_FINDINGS = "new-findings";
const FINDING_UPDATES = "finding-updates";
const UPDATES_SWEEP = "updates-sweep";

export type PublishWorkerOptions = { attempts: number; backoffMs: number; sweepSeconds: number };

export type RunningPublishWorker = { worker: Worker; stopFollowingFindings(): Promise<void> };

// BullMQ ids may not contain ":". The same event heard by every worker process makes the same id, so one job.
const newFindingsJobId = (job: NewFindingsJob) => `new-${job.destinationId}-${createHash("sha256").update(job.findingIds.join(",")).digest("hex").slice(0, 32)}`;
const updatesJobId = (job: UpdatesJob) => `updates-${job.destinationId}-${Date.parse(job.to)}`;

/**
 * Publishing: new findings go out at once (one job per destination, from the FINDINGS_UPSERTED event
 * every worker hears), updates in a batch per destination at the governing publishing frequency
 * (a sweep on a schedule claims what is due). Retries back off exponentially; a destination whose
 * deliveries keep failing is marked UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY.
 */
export async function startPublishWorker(publisher: Publisher, pubSub: VigilPubSub, queues: QueueSettings, options: PublishWorkerOptions, logger: Logger): Promise<RunningPublishWorker> {
  const queue = new Queue(PUBLISH_QUEUE, {
    connection: bullConnection(queues.redisUrl),
    prefix: queues.queuePrefix,
    defaultJobOptions: {
      attempts: options.attempts,
      backoff: { type: "exponential", delay: options.backoffMs },
      // Kept a while so a duplicate of the same event (another worker heard it too) is recognised.
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 86_400 },
    },
  });
  await queue.upsertJobScheduler(UPDATES_SWEEP, { every: options.sweepSeconds * 1000 }, { name: UPDATES_SWEEP, opts: { attempts: 1 } });

  const findings = pubSub.subscribe("FINDINGS_UPSERTED");
  const following = (async () => {
    for await (const event of findings) {
      await enqueueNewFindings(publisher, queue, event).catch((err: unknown) => logger.error({ err, detectorId: event.detectorId }, "could not queue new findings for publishing"));
    }
  })();

  const worker = new Worker(
    PUBLISH_QUEUE,
    async (job: Job) => {
      if (job.name === UPDATES_SWEEP) {
        const due = await publisher.claimDueUpdates(new Date());
        await queue.addBulk(due.map((data) => ({ name: FINDING_UPDATES, data, opts: { jobId: updatesJobId(data) } })));
        return { windows: due.length };
      }
      return deliver(publisher, job);
    },
    // Deliveries wait on receivers, not on the CPU.
    { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix, concurrency: 8 },
  );
  worker.on("failed", (job, err) => logger.warn({ err, job: job?.name, destinationId: job?.data?.destinationId }, "publishing attempt failed"));
  return {
    worker,
    stopFollowingFindings: async () => {
      await findings.return?.();
      await following;
      await queue.close();
    },
  };
}

async function enqueueNewFindings(publisher: Publisher, queue: Queue, event: FindingsUpsertedEvent): Promise<void> {
  const jobs = await publisher.destinationsForNewFindings(event);
  await queue.addBulk(jobs.map((data) => ({ name: NEW_FINDINGS, data, opts: { jobId: newFindingsJobId(data) } })));
}

/** One delivery attempt; its progress survives a retry, so what went out is not sent again. */
async function deliver(publisher: Publisher, job: Job): Promise<{ sent: number }> {
  const { destinationId } = job.data as { destinationId: string };
  try {
    const sent =
      job.name === NEW_FINDINGS
        ? await publisher.publishNew(job.data as NewFindingsJob, (count) => job.updateData({ ...job.data, sent: count }))
        : await publisher.publishUpdates(job.data as UpdatesJob, (after) => job.updateData({ ...job.data, after }));
    await publisher.recordSuccess(destinationId);
    return { sent };
  } catch (error) {
    const permanent = error instanceof PermanentDeliveryError;
    const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await publisher.recordFailure(destinationId, (error as Error).message, final);
    throw permanent ? new UnrecoverableError((error as Error).message) : error;
  }
}
