import { Worker } from "bullmq";
import type { Logger } from "../src/logger.js";
import { BACKTEST_QUEUE, type BacktestJobData } from "../src/queues/backtest.js";
import { bullConnection, type QueueSettings } from "../src/queues/connection.js";
import type { BacktestResult, BacktestRunner } from "../src/services/system/backtest-runner.js";

/** Runs backtests one at a time per process: they re-read whole ranges of logs, live ingestion comes first. */
export function startBacktestWorker(runner: BacktestRunner, queues: QueueSettings, logger: Logger): Worker<BacktestJobData, BacktestResult> {
  const worker = new Worker<BacktestJobData, BacktestResult>(BACKTEST_QUEUE, (job) => runner.run(job.data, (progress) => job.updateProgress(progress)), {
    connection: bullConnection(queues.redisUrl),
    prefix: queues.queuePrefix,
    concurrency: 1,
  });
  worker.on("completed", (job, result) => logger.info({ backtestId: job.id, detectorId: job.data.detectorId, objects: result.objectsTotal, matchedEvents: result.matchedEvents }, "backtest done"));
  worker.on("failed", (job, err) => logger.warn({ err, backtestId: job?.id }, "backtest failed"));
  return worker;
}
