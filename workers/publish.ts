import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Logger } from "../src/logger.js";
import { bullConnection, type QueueSettings } from "../src/queues/connection.js";
import { NEW_FINDINGS_JOB, type NewFindingsJob, PUBLISH_QUEUE, PublishQueue, UPDATES_SWEEP_JOB, type UpdatesJob } from "../src/queues/publish.js";
import type { VigilPubSub } from "../src/realtime/pubsub.js";
import type { FindingsUpsertedEvent } from "../src/realtime/topics.js";
import type { Publisher } from "../src/services/system/publisher.js";
import { PermanentDeliveryError, RetryableDeliveryError } from "../src/services/publishing/http-post.js";
import { publishRetryDelay } from "../src/queues/publish-backoff.js";

export type PublishWorkerOptions = { attempts: number; backoffMs: number; sweepSeconds: number };

export type RunningPublishWorker = { worker: Worker; stopFollowingFindings(): Promise<void> };

/**
 * Publishing: new findings go out at once (one job per destination, from the FINDINGS_UPSERTED event
 * every worker hears), updates in a batch per destination at the governing publishing frequency
 * (a sweep on a schedule claims what is due). Retries back off exponentially with jitter, never
 * sooner than a receiver's Retry-After; a destination whose
 * deliveries keep failing is marked UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY.
 */
export async function startPublishWorker(publisher: Publisher, pubSub: VigilPubSub, queues: QueueSettings, options: PublishWorkerOptions, logger: Logger): Promise<RunningPublishWorker> {
  const queue = new PublishQueue(queues, options);
  await queue.scheduleUpdatesSweep(options.sweepSeconds * 1000);

  const findings = pubSub.subscribe("FINDINGS_UPSERTED");
  const following = (async () => {
    for await (const event of findings) {
      await enqueueNewFindings(publisher, queue, event).catch((err: unknown) => logger.error({ err, detectorId: event.detectorId }, "could not queue new findings for publishing"));
    }
  })();

  const worker = new Worker(
    PUBLISH_QUEUE,
    async (job: Job) => {
      if (job.name === UPDATES_SWEEP_JOB) {
        const due = await publisher.claimDueUpdates(new Date());
        await queue.enqueueUpdates(due);
        return { windows: due.length };
      }
      return deliver(publisher, job);
    },
    // Deliveries wait on receivers, not on the CPU.
    {
      connection: bullConnection(queues.redisUrl),
      prefix: queues.queuePrefix,
      concurrency: 8,
      settings: { backoffStrategy: (attemptsMade, _type, err) => publishRetryDelay(attemptsMade, options.backoffMs, err instanceof RetryableDeliveryError ? err.retryAfterMs : null) },
    },
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

async function enqueueNewFindings(publisher: Publisher, queue: PublishQueue, event: FindingsUpsertedEvent): Promise<void> {
  await queue.enqueueNewFindings(await publisher.destinationsForNewFindings(event));
}

/** One delivery attempt; its progress survives a retry, so what went out is not sent again. */
async function deliver(publisher: Publisher, job: Job): Promise<{ sent: number }> {
  const { destinationId } = job.data as { destinationId: string };
  try {
    const sent =
      job.name === NEW_FINDINGS_JOB
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
