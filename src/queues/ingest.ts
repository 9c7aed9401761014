import { createHash } from "node:crypto";
import { Queue } from "bullmq";
import { bullConnection, type QueueSettings } from "./connection.js";
import { queueTelemetry } from "../telemetry/tracing.js";

/** Poll jobs: one job scheduler per enabled S3 or local source, plus the schedule reconciliation. */
export const INGEST_QUEUE = "ingest";
/** Process jobs: one per log object. */
export const PROCESS_QUEUE = "process";

export const POLL_JOB = "poll";
export const RECONCILE_JOB = "reconcile";
export const PROCESS_JOB = "process";

export type PollJobData = { logSourceId: string };

/** An object a poll listed (what ingest's locations report). */
export type ListedObject = { key: string; size: number; lastModified: Date };

/** Job data names an object, never its events or body: a pushed body is stored in PostgreSQL (pending_objects). */
export type ProcessJobData = { logSourceId: string; objectKey: string; size: number; lastModified: string };

export type ProcessRetry = { attempts: number; backoffMs: number };

/** 5 tries over about a minute and a half (3, 6, 12, 24 s apart at least). */
export const DEFAULT_RETRY: ProcessRetry = { attempts: 5, backoffMs: 3000 };
const ENQUEUE_SLICE = 1000;
/** Polls run every few seconds per source; only the latest ones are kept, for a look at what happened. */
const SCHEDULED_JOB_OPTIONS = { removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } };

/** Same source and key, same job id: BullMQ ignores an add while the job exists, so an object is never queued twice. */
export function processJobId(logSourceId: string, objectKey: string): string {
  return createHash("sha256").update(`${logSourceId}\n${objectKey}`).digest("hex");
}

export function pollSchedulerId(logSourceId: string): string {
  return `${POLL_JOB}-${logSourceId}`;
}

/** The producer side of the ingestion queues, shared by the API (pushes), the workers and schedules. */
export class IngestQueues {
  readonly ingest: Queue<PollJobData>;
  readonly process: Queue<ProcessJobData>;

  constructor(
    settings: QueueSettings,
    private readonly retry: ProcessRetry = DEFAULT_RETRY,
  ) {
    // With tracing on, every added job carries the trace context of the request or poll that added it.
    const options = { connection: bullConnection(settings.redisUrl), prefix: settings.queuePrefix, telemetry: queueTelemetry() };
    this.ingest = new Queue<PollJobData>(INGEST_QUEUE, options);
    this.process = new Queue<ProcessJobData>(PROCESS_QUEUE, options);
  }

  /** Idempotent: the first poll runs at once, then every interval; an unchanged schedule keeps its rhythm. */
  async schedulePoll(logSourceId: string, pollIntervalSeconds: number): Promise<void> {
    await this.ingest.upsertJobScheduler(pollSchedulerId(logSourceId), { every: pollIntervalSeconds * 1000 }, { name: POLL_JOB, data: { logSourceId }, opts: SCHEDULED_JOB_OPTIONS });
  }

  /** One extra poll after `delayMs`, besides the schedule; asking again while one is pending changes nothing. */
  async pollSoon(logSourceId: string, delayMs: number): Promise<void> {
    await this.ingest.add(POLL_JOB, { logSourceId }, { jobId: `soon-${logSourceId}`, delay: delayMs, removeOnComplete: true, removeOnFail: true });
  }

  /** A poll as soon as a worker is free, besides the schedule: a watched folder changed. */
  async pollNow(logSourceId: string): Promise<void> {
    await this.ingest.add(POLL_JOB, { logSourceId }, { removeOnComplete: true, removeOnFail: true });
  }

  async unschedulePoll(logSourceId: string): Promise<void> {
    await this.ingest.removeJobScheduler(pollSchedulerId(logSourceId));
  }

  /** Reconciliation was a Redis schedule before it moved into the worker process (a Redis loss took it too). */
  async removeLegacyReconcileSchedule(): Promise<void> {
    await this.ingest.removeJobScheduler(RECONCILE_JOB);
  }

  /** Source ids that have a poll schedule. */
  async scheduledSourceIds(): Promise<string[]> {
    const ids: string[] = [];
    const pageSize = 1000;
    for (let start = 0; ; start += pageSize) {
      const page = await this.ingest.getJobSchedulers(start, start + pageSize - 1, true);
      for (const scheduler of page) if (scheduler.key.startsWith(`${POLL_JOB}-`)) ids.push(scheduler.key.slice(POLL_JOB.length + 1));
      if (page.length < pageSize) return ids;
    }
  }

  async enqueueObjects(logSourceId: string, objects: readonly ListedObject[]): Promise<void> {
    // A first listing of a large folder or bucket may hold many thousands: added in slices, not one huge Redis transaction.
    for (let start = 0; start < objects.length; start += ENQUEUE_SLICE) {
      await this.process.addBulk(
        objects.slice(start, start + ENQUEUE_SLICE).map((object) => ({
          name: PROCESS_JOB,
          data: { logSourceId, objectKey: object.key, size: object.size, lastModified: object.lastModified.toISOString() },
          opts: this.jobOptions(logSourceId, object.key),
        })),
      );
    }
  }

  /** Whether the object's job is still in Redis, in any state (waiting, active, delayed, kept after it finished). */
  async hasProcessJob(logSourceId: string, objectKey: string): Promise<boolean> {
    return (await this.process.getJobState(processJobId(logSourceId, objectKey))) !== "unknown";
  }

  async close(): Promise<void> {
    await Promise.all([this.ingest.close(), this.process.close()]);
  }

  private jobOptions(logSourceId: string, objectKey: string) {
    return {
      jobId: processJobId(logSourceId, objectKey),
      attempts: this.retry.attempts,
      backoff: { type: "exponential", delay: this.retry.backoffMs },
      // Finished jobs stay a while so that re-listing an object is a no-op in Redis; after that the
      // object's row in PostgreSQL keeps it from being processed again.
      removeOnComplete: { age: 3600, count: 100_000 },
      removeOnFail: { age: 7 * 86_400 },
    };
  }
}
