import { createHash } from "node:crypto";
import { Queue } from "bullmq";
import { bullConnection, type QueueSettings } from "./connection.js";
import { PUBLISH_BACKOFF } from "./publish-backoff.js";

export const PUBLISH_QUEUE = "publish";
export const NEW_FINDINGS_JOB = "new-findings";
export const FINDING_UPDATES_JOB = "finding-updates";
export const UPDATES_SWEEP_JOB = "updates-sweep";

/** New findings for one destination; `sent` is how many went out before a retry. */
export type NewFindingsJob = { destinationId: string; findingIds: string[]; sent?: number };

/** Updates of findings in (from, to] for one destination; `after` is the last one sent before a retry. */
export type UpdatesJob = { destinationId: string; from: string; to: string; after?: { updatedAt: string; id: string } };

export type PublishRetry = { attempts: number; backoffMs: number };

// BullMQ ids may not contain ":". The same event heard by every worker process makes the same id, so one job.
const newFindingsJobId = (job: NewFindingsJob) => `new-${job.destinationId}-${createHash("sha256").update(job.findingIds.join(",")).digest("hex").slice(0, 32)}`;
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

  async enqueueNewFindings(jobs: readonly NewFindingsJob[]): Promise<void> {
    await this.queue.addBulk(jobs.map((data) => ({ name: NEW_FINDINGS_JOB, data, opts: { jobId: newFindingsJobId(data) } })));
  }

  async enqueueUpdates(jobs: readonly UpdatesJob[]): Promise<void> {
    await this.queue.addBulk(jobs.map((data) => ({ name: FINDING_UPDATES_JOB, data, opts: { jobId: updatesJobId(data) } })));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
