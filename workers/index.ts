import type { Worker } from "bullmq";
import type { Ingest } from "../src/ingest/index.js";
import type { QueueSettings } from "../src/queues/connection.js";
import type { Logger } from "../src/logger.js";
import type { Services } from "../src/services/index.js";
import { startBacktestWorker } from "./backtest.js";
import { startIngestWorker } from "./ingest.js";
import { startListsWorker, type ListsWorkerOptions } from "./lists.js";
import { startMaintenanceWorker, type MaintenanceOptions } from "./maintenance.js";
import { startProcessWorker, type ProcessWorkerOptions } from "./process.js";
import { startPublishWorker, type PublishWorkerOptions } from "./publish.js";
import { startRetentionWorker, type RetentionOptions } from "./retention.js";

export type WorkerPool = { names: string[]; close(): Promise<void> };

export type WorkerPoolOptions = {
  queues: QueueSettings;
  services: Services;
  logger: Logger;
  maintenance: MaintenanceOptions;
  ingest: Ingest;
  processing: ProcessWorkerOptions;
  /** Between two reconciliations of the queues with the database (VIGIL_RECONCILE_SECONDS). */
  reconcileEveryMs: number;
  lists: ListsWorkerOptions;
  publishing: PublishWorkerOptions;
  retention: RetentionOptions;
};

/** Starts every BullMQ worker of the `worker` role. Workers only orchestrate: the logic is in services. */
export async function startWorkers({ queues, services, logger, maintenance, ingest, processing, reconcileEveryMs, lists, publishing, retention }: WorkerPoolOptions): Promise<WorkerPool> {
  const polling = await startIngestWorker(ingest, queues, services.pubSub, logger, { reconcileEveryMs, onRedisReconnect: () => services.ingestion.countRedisReconnect() });
  const publish = await startPublishWorker(services.publisher, services.pubSub, queues, publishing, logger);
  const workers: Worker[] = [
    await startMaintenanceWorker(queues, services, maintenance, logger),
    polling.worker,
    startProcessWorker(ingest, queues, processing, logger),
    await startListsWorker(queues, services, lists, logger),
    publish.worker,
    await startRetentionWorker(queues, services, retention, logger),
    startBacktestWorker(services.backtestRunner, queues, logger),
  ];
  for (const worker of workers) worker.on("error", (error) => logger.error({ err: error, queue: worker.name }, "worker error"));
  logger.info({ queues: workers.map((w) => w.name) }, "workers started");
  return {
    names: workers.map((w) => w.name),
    // close() lets active jobs finish; a job still running when the process is killed is retried
    // by another worker once its lock expires, so nothing is lost.
    close: async () => {
      await polling.stopFollowingChanges();
      await publish.stopFollowingFindings();
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
