import type { IngestionLedger } from "../ports.js";
import type { PollSchedules } from "../poll/schedules.js";
import type { IngestQueues, ListedObject } from "../../queues/ingest.js";

export type IngestReconciliation = { requeued: number; scheduled: number; removed: number };

/**
 * What makes a Redis loss cost time, not data. PostgreSQL records every object queued and not yet
 * recorded (pending_objects) and every source; this queues again each pending object whose job Redis
 * no longer holds and re-creates every enabled source's poll schedule. An object queued twice is still
 * read once: its job id is fixed and its ingested_objects row is written in the transaction that
 * stores its findings. The workers run it at start, after Redis reconnects and periodically.
 */
export class IngestReconciler {
  constructor(
    private readonly ledger: IngestionLedger,
    private readonly queues: IngestQueues,
    private readonly schedules: PollSchedules,
  ) {}

  async reconcile(): Promise<IngestReconciliation> {
    const schedules = await this.schedules.reconcile();
    let requeued = 0;
    for await (const page of this.ledger.pendingObjects()) {
      const lost = new Map<string, ListedObject[]>();
      for (const object of page) {
        if (await this.queues.hasProcessJob(object.logSourceId, object.objectKey)) continue;
        const forSource = lost.get(object.logSourceId) ?? [];
        forSource.push({ key: object.objectKey, size: object.size, lastModified: object.lastModified });
        lost.set(object.logSourceId, forSource);
      }
      for (const [logSourceId, objects] of lost) {
        await this.queues.enqueueObjects(logSourceId, objects);
        requeued += objects.length;
      }
    }
    await this.ledger.countReconciled(requeued);
    return { requeued, ...schedules };
  }
}
