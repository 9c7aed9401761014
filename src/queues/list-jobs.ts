import { type JobsOptions, Queue } from "bullmq";
import type { Logger } from "../logger.js";
import { bullConnection, type QueueSettings } from "./connection.js";

export const LISTS_QUEUE = "lists";
const FEED_SCHEDULE = "feed-";

/**
 * Work the API hands to the `lists` workers. Each job carries the list's version (its updatedAt in
 * ms), so a repeated or outdated job finds the list changed and does nothing.
 */
export type ListJob =
  | { name: "activate-list" | "deactivate-list" | "delete-list"; listId: string; version: number }
  | { name: "refresh-feed"; feedId: string; version: number }
  | { name: "reconcile" };

export interface ListJobs {
  /** Queues the job (duplicates collapse). Never throws: the workers' reconcile re-queues what was missed. */
  enqueue(job: ListJob): Promise<void>;
  /** Refreshes the feed every `everyMs`, or stops refreshing it (null). */
  scheduleFeed(feedId: string, everyMs: number | null): Promise<void>;
  /** Feed id → refresh interval of every feed schedule in the queue. */
  feedSchedules(): Promise<Map<string, number>>;
}

/**
 * BullMQ ids are per job and version, so the same request queued twice (an API retry, the
 * reconcile) is one job, while a newer version of the list is a job of its own.
 */
function jobIdOf(job: ListJob): string {
  switch (job.name) {
    case "reconcile":
      return "reconcile";
    case "refresh-feed":
      return `refresh-feed_${job.feedId}_${job.version}`;
    default:
      return `${job.name}_${job.listId}_${job.version}`;
  }
}

// Removed when done, so the reconcile can queue the same job again if its effect got lost.
const JOB_OPTIONS: JobsOptions = { removeOnComplete: true, removeOnFail: true, attempts: 3, backoff: { type: "exponential", delay: 1000 } };

/** The `lists` queue as the API and the workers feed it. */
export class ListJobQueue implements ListJobs {
  private readonly queue: Queue;

  constructor(
    queues: QueueSettings,
    private readonly logger: Logger,
  ) {
    this.queue = new Queue(LISTS_QUEUE, { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix });
  }

  async enqueue(job: ListJob): Promise<void> {
    const { name, ...data } = job;
    try {
      await this.queue.add(name, data, { ...JOB_OPTIONS, jobId: jobIdOf(job) });
    } catch (error) {
      this.logger.warn({ err: error, job }, "could not queue a lists job; the workers' reconcile will queue it again");
    }
  }

  async scheduleFeed(feedId: string, everyMs: number | null): Promise<void> {
    const key = `${FEED_SCHEDULE}${feedId}`;
    try {
      if (everyMs === null) await this.queue.removeJobScheduler(key);
      else await this.queue.upsertJobScheduler(key, { every: everyMs }, { name: "refresh-feed", data: { feedId }, opts: { removeOnComplete: true, removeOnFail: true } });
    } catch (error) {
      this.logger.warn({ err: error, feedId }, "could not update a feed's refresh schedule; the workers' reconcile will fix it");
    }
  }

  async feedSchedules(): Promise<Map<string, number>> {
    const schedulers = await this.queue.getJobSchedulers(0, -1);
    return new Map(schedulers.filter((s) => s.key.startsWith(FEED_SCHEDULE)).map((s) => [s.key.slice(FEED_SCHEDULE.length), Number(s.every)]));
  }

  /** The reconcile on its own schedule, plus one run now (a worker that starts catches up at once). */
  async scheduleReconcile(everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler("reconcile", { every: everyMs }, { name: "reconcile", opts: { removeOnComplete: true, removeOnFail: true } });
    await this.enqueue({ name: "reconcile" });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
