import { Queue } from "bullmq";
import { bullConnection, type QueueSettings } from "./connection.js";

export const BACKTEST_QUEUE = "backtests";

/** A backtest as the API queued it: the rule's text and the range, for the detector of the account. */
export type BacktestJobData = {
  accountRowId: string;
  detectorId: string;
  rule: string;
  findingType: string | null;
  severity: number | null;
  /** ISO times. */
  from: string;
  to: string;
};

export type BacktestProgress = { objectsDone: number; objectsTotal: number; matchedEvents: number; findings: number };

export type BacktestJobView = {
  id: string;
  data: BacktestJobData;
  state: string;
  progress: Partial<BacktestProgress>;
  result: unknown;
  failedReason: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

export interface BacktestJobs {
  enqueue(data: BacktestJobData): Promise<string>;
  find(id: string): Promise<BacktestJobView | null>;
}

// Kept a day after they end so their results can be read; one attempt: a backtest that fails says why, and the caller starts another.
const KEEP_SECONDS = 86_400;

/** The `backtests` queue as the API feeds it and reads it back. */
export class BacktestQueue implements BacktestJobs {
  readonly queue: Queue<BacktestJobData>;

  constructor(settings: QueueSettings) {
    this.queue = new Queue<BacktestJobData>(BACKTEST_QUEUE, { connection: bullConnection(settings.redisUrl), prefix: settings.queuePrefix });
  }

  async enqueue(data: BacktestJobData): Promise<string> {
    const job = await this.queue.add("backtest", data, { attempts: 1, removeOnComplete: { age: KEEP_SECONDS }, removeOnFail: { age: KEEP_SECONDS } });
    return job.id!;
  }

  async find(id: string): Promise<BacktestJobView | null> {
    const job = await this.queue.getJob(id);
    if (!job) return null;
    return {
      id,
      data: job.data,
      state: await job.getState(),
      progress: typeof job.progress === "object" ? (job.progress as Partial<BacktestProgress>) : {},
      result: job.returnvalue ?? null,
      failedReason: job.failedReason ?? null,
      createdAt: new Date(job.timestamp),
      finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    };
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
