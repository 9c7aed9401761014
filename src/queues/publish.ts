import { Queue } from "bullmq";
import { bullConnection, type QueueSettings } from "./connection.js";
import { PUBLISH_BACKOFF } from "./publish-backoff.js";

export const PUBLISH_QUEUE = "publish";
export const DELIVERIES_JOB = "deliveries";
export const FINDING_UPDATES_JOB = "finding-updates";
export const UPDATES_SWEEP_JOB = "updates-sweep";

/** Deliveries of the outbox claimed for one destination (`claim` names them in PostgreSQL). */
export type DeliveriesJob = { destinationId: string; claim: string };

/** Updates of findings in (from, to] for one destination; `after` is the last one sent before a retry. */
export type UpdatesJob = { destinationId: string; from: string; to: string; after?: { updatedAt: string; id: string } };

export type PublishRetry = { attempts: number; backoffMs: number };

// BullMQ ids may not contain ":".
const updatesJobId = (job: UpdatesJob) => `updates-${job.destinationId}-${Date.parse(job.to)}`;

/** The producer side of the `publish` queue: deliveries of new findings, batches of updates, and the sweep that finds them due. */
export class PublishQueue {
  private readonly queue: Queue;

  constructor(settings: QueueSettings, retry: PublishRetry) {
    this.queue = new Queue(PUBLISH_QUEUE, {
      connection: bullConnection(settings.redisUrl),
      prefix: settings.queuePrefix,
      defaultJobOptions: {
        attempts: retry.attempts,
        // Computed by the worker's backoffStrategy (publish-backoff.ts): jittered, and honouring Retry-After.
        backoff: { type: PUBLISH_BACKOFF, delay: retry.backoffMs },
        // Kept a while so a duplicate of the same event (another worker heard it too) is recognised.
        removeOnComplete: { age: 3_600, count: 10_000 },
        removeOnFail: { age: 7 * 86_400 },
      },
    });
  }

  /** Idempotent: every worker process upserts it at start, one schedule remains. */
  async scheduleUpdatesSweep(everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(UPDATES_SWEEP_JOB, { every: everyMs }, { name: UPDATES_SWEEP_JOB, opts: { attempts: 1 } });
  }

  /**
   * One attempt each: retries are the outbox's (PostgreSQL), so a job Redis lost costs only its
   * lease. Removed once done: the claim, not the job, records what was sent.
   */
  async enqueueDeliveries(jobs: readonly DeliveriesJob[]): Promise<void> {
    await this.queue.addBulk(
      jobs.map((data) => ({ name: DELIVERIES_JOB, data, opts: { jobId: `claim-${data.claim}`, attempts: 1, removeOnComplete: true, removeOnFail: { age: 86_400 } } })),
    );
  }

  async enqueueUpdates(jobs: readonly UpdatesJob[]): Promise<void> {
    await this.queue.addBulk(jobs.map((data) => ({ name: FINDING_UPDATES_JOB, data, opts: { jobId: updatesJobId(data) } })));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
