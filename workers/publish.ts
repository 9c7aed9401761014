import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Logger } from "../src/logger.js";
import { bullConnection, type QueueSettings } from "../src/queues/connection.js";
import { DELIVERIES_JOB, type DeliveriesJob, PUBLISH_QUEUE, PublishQueue, UPDATES_SWEEP_JOB, type UpdatesJob } from "../src/queues/publish.js";
import type { VigilPubSub } from "../src/realtime/pubsub.js";
import type { Publisher } from "../src/services/system/publisher.js";
import { PermanentDeliveryError, RetryableDeliveryError } from "../src/services/publishing/http-post.js";
import { publishRetryDelay } from "../src/queues/publish-backoff.js";

export type PublishWorkerOptions = {
  attempts: number;
  backoffMs: number;
  sweepSeconds: number;
  /** Between two looks at the outbox when no finding was announced (default 2 s). */
  relayEveryMs?: number;
  /** How long a claim waits for its job before the relay claims it again (default 60 s). */
  leaseMs?: number;
};

export type RunningPublishWorker = { worker: Worker; stopFollowingFindings(): Promise<void> };

const HOUR_MS = 3_600_000;

/**
 * Publishing: new findings' deliveries are rows of the PostgreSQL outbox, written with the findings.
 * A relay claims the due ones (at once when FINDINGS_UPSERTED is heard, and every `relayEveryMs` in
 * case that event was lost) and queues one job per claim; a job Redis lost leaves a claim that
 * expires, and the relay queues it again. Retries are scheduled in PostgreSQL with jittered
 * exponential backoff that honours Retry-After; the last failure leaves the delivery dead (listed
 * and replayable through the API) and the destination UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY.
 * Updates go in a batch per destination at the governing publishing frequency (a sweep claims what is due).
 */
export async function startPublishWorker(publisher: Publisher, pubSub: VigilPubSub, queues: QueueSettings, options: PublishWorkerOptions, logger: Logger): Promise<RunningPublishWorker> {
  const outbox = { attempts: options.attempts, backoffMs: options.backoffMs, leaseMs: options.leaseMs ?? 60_000 };
  const queue = new PublishQueue(queues, options);
  await queue.scheduleUpdatesSweep(options.sweepSeconds * 1000);
  const relay = new OutboxRelay(async () => {
    await queue.enqueueDeliveries(await publisher.claimDueDeliveries(outbox.leaseMs));
  }, (err) => logger.warn({ err }, "outbox relay: could not queue due deliveries (they are claimed again once their lease ends)"));

  const findings = pubSub.subscribe("FINDINGS_UPSERTED");
  const following = (async () => {
    for await (const _event of findings) relay.kick();
  })();
  const timer = setInterval(() => relay.kick(), options.relayEveryMs ?? 2_000);
  let purgedAt = 0;
  const purge = setInterval(() => {
    if (Date.now() - purgedAt < HOUR_MS) return;
    purgedAt = Date.now();
    void publisher.purgeFinishedDeliveries(new Date()).catch((err: unknown) => logger.warn({ err }, "could not purge finished deliveries"));
  }, 60_000);
  purge.unref();
  relay.kick();

  const worker = new Worker(
    PUBLISH_QUEUE,
    async (job: Job) => {
      if (job.name === UPDATES_SWEEP_JOB) {
        const due = await publisher.claimDueUpdates(new Date());
        await queue.enqueueUpdates(due);
        return { windows: due.length };
      }
      if (job.name === DELIVERIES_JOB) {
        const outcome = await publisher.deliverClaim(job.data as DeliveriesJob, outbox);
        // A retry is due later: the relay looks again then, so a short backoff is not left to the timer.
        if (outcome.failed?.retryInMs) setTimeout(() => relay.kick(), outcome.failed.retryInMs + 50).unref();
        if (outcome.failed) logger.warn({ destinationId: job.data.destinationId, error: outcome.failed.message, dead: outcome.failed.dead }, "publishing attempt failed");
        return { sent: outcome.sent };
      }
      return deliverUpdates(publisher, job);
    },
    // Deliveries wait on receivers, not on the CPU.
    {
      connection: bullConnection(queues.redisUrl),
      prefix: queues.queuePrefix,
      concurrency: 8,
      settings: { backoffStrategy: (attemptsMade, _type, err) => publishRetryDelay(attemptsMade, options.backoffMs, err instanceof RetryableDeliveryError ? err.retryAfterMs : null) },
    },
  );
  worker.on("failed", (job, err) => logger.warn({ err, job: job?.name, destinationId: job?.data?.destinationId }, "publishing job failed"));
  return {
    worker,
    stopFollowingFindings: async () => {
      clearInterval(timer);
      clearInterval(purge);
      await findings.return?.();
      await following;
      await relay.idle();
      await queue.close();
    },
  };
}

/** Runs `work` when kicked, one run at a time; kicks during a run make one more run after it. */
class OutboxRelay {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly report: (error: unknown) => void,
  ) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.work().catch(this.report);
      } while (this.again);
      this.running = null;
    })();
  }

  async idle(): Promise<void> {
    await this.running;
  }
}

/** One attempt at a window of updates; its progress survives a retry, so what went out is not sent again. */
async function deliverUpdates(publisher: Publisher, job: Job): Promise<{ sent: number }> {
  const { destinationId } = job.data as { destinationId: string };
  try {
    const sent = await publisher.publishUpdates(job.data as UpdatesJob, (after) => job.updateData({ ...job.data, after }));
    await publisher.recordSuccess(destinationId);
    return { sent };
  } catch (error) {
    const permanent = error instanceof PermanentDeliveryError;
    const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await publisher.recordFailure(destinationId, (error as Error).message, final);
    throw permanent ? new UnrecoverableError((error as Error).message) : error;
  }
}
