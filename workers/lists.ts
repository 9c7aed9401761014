import { Worker } from "bullmq";
import type { Logger } from "../src/logger.js";
import { LISTS_QUEUE, type ListJobQueue } from "../src/queues/list-jobs.js";
import { bullConnection, type QueueSettings } from "../src/queues/connection.js";
import type { Services } from "../src/services/index.js";

export type ListsWorkerOptions = { jobs: ListJobQueue; reconcileSeconds: number };

/** Activates, deactivates and deletes trusted/threat lists, refreshes managed feeds, and reconciles. */
export async function startListsWorker(queues: QueueSettings, services: Services, options: ListsWorkerOptions, logger: Logger): Promise<Worker> {
  await options.jobs.scheduleReconcile(options.reconcileSeconds * 1000);
  const worker = new Worker(
    LISTS_QUEUE,
    async (job) => {
      switch (job.name) {
        case "activate-list":
          return services.listActivation.activate(job.data.listId, job.data.version);
        case "deactivate-list":
          return services.listActivation.deactivate(job.data.listId, job.data.version);
        case "delete-list":
          return services.listActivation.remove(job.data.listId, job.data.version);
        case "refresh-feed":
          return services.feedRefresher.refresh(job.data.feedId);
        case "reconcile":
          return services.listReconciler.reconcile(options.jobs);
        default:
          throw new Error(`unknown lists job ${job.name}`);
      }
    },
    // Fetching is mostly waiting on the network; two at a time keep one slow URL from holding up the rest.
    { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix, concurrency: 2 },
  );
  worker.on("completed", (job, outcome) => {
    const level = job.name === "reconcile" ? "debug" : "info";
    logger[level]({ job: job.name, data: job.data, outcome }, "lists job done");
  });
  worker.on("failed", (job, error) => logger.error({ err: error, job: job?.name, data: job?.data }, "lists job failed"));
  return worker;
}
