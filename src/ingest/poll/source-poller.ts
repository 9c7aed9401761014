import type { IngestionLedger } from "../ports.js";
import { initialListingState, parseListingState, serializeListingState } from "../locations/listing-state.js";
import { LocationError } from "../locations/log-location.js";
import { isPushedLocation } from "../locations/pushed-locations.js";
import { openLocation, type LocationOptions } from "../locations/open-location.js";
import type { IngestQueues } from "../../queues/ingest.js";

export type PollResult =
  | { status: "OK"; listed: number; queued: number }
  | { status: "LOCATION_ERROR"; error: string }
  /** The source is gone, disabled or receives pushes: its schedule was removed. */
  | { status: "UNSCHEDULED" };

/**
 * One poll of a source: list what is new since its listing state, queue one process job per object
 * not yet recorded (the job id de-duplicates objects still queued), then keep the new state. A crash
 * between queueing and keeping the state only makes the next poll list the same objects again.
 */
export class SourcePoller {
  constructor(
    private readonly ledger: IngestionLedger,
    private readonly queues: IngestQueues,
    private readonly locations: LocationOptions,
  ) {}

  async poll(logSourceId: string, now: Date = new Date()): Promise<PollResult> {
    const source = await this.ledger.source(logSourceId);
    if (!source || !source.enabled || isPushedLocation(source.location)) {
      await this.queues.unschedulePoll(logSourceId);
      return { status: "UNSCHEDULED" };
    }
    let opened;
    try {
      opened = openLocation(source, this.locations);
      const state = source.cursor === null ? initialListingState(source.backfillDays, now) : parseListingState(source.cursor);
      const listing = await opened.location.listNew(state, now);
      const fresh = await this.ledger.unrecorded(source.id, listing.objects.map((object) => object.key));
      const queued = listing.objects.filter((object) => fresh.has(object.key));
      if (queued.length > 0) {
        await this.ledger.recordQueued(source.id, queued);
        await this.queues.enqueueObjects(source.id, queued);
      }
      await this.ledger.recordListing(source.id, serializeListingState(listing.state));
      if (listing.revisitInMs !== undefined) await this.queues.pollSoon(source.id, listing.revisitInMs);
      return { status: "OK", listed: listing.objects.length, queued: queued.length };
    } catch (error) {
      if (!(error instanceof LocationError)) throw error;
      await this.ledger.noteLocationProblem(source.id, error.message);
      return { status: "LOCATION_ERROR", error: error.message };
    } finally {
      opened?.close();
    }
  }
}
