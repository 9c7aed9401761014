import type { IngestionLedger } from "../ports.js";
import { isPushedLocation } from "../locations/pushed-locations.js";
import type { IngestQueues } from "../../queues/ingest.js";

/**
 * Keeps one poll schedule per enabled S3 or local source. Sources change in the API process; workers
 * hear of each change (LOG_SOURCE_CHANGED) and sync that source, and reconcile everything at start
 * and every few minutes, so a change made while no worker listened is picked up too.
 */
export class PollSchedules {
  constructor(
    private readonly ledger: IngestionLedger,
    private readonly queues: IngestQueues,
  ) {}

  async sync(logSourceId: string): Promise<void> {
    const source = await this.ledger.source(logSourceId);
    if (source?.enabled && !isPushedLocation(source.location)) await this.queues.schedulePoll(source.id, source.pollIntervalSeconds);
    else await this.queues.unschedulePoll(logSourceId);
  }

  async reconcile(): Promise<{ scheduled: number; removed: number }> {
    const wanted = new Set<string>();
    for await (const page of this.ledger.polledSources()) {
      for (const source of page) {
        await this.queues.schedulePoll(source.id, source.pollIntervalSeconds);
        wanted.add(source.id);
      }
    }
    let removed = 0;
    for (const id of await this.queues.scheduledSourceIds()) {
      if (wanted.has(id)) continue;
      await this.queues.unschedulePoll(id);
      removed++;
    }
    return { scheduled: wanted.size, removed };
  }
}
