import type { VigilEvent } from "../../detection/events.js";
import { MAX_REPORTED_ERRORS, type ParseStats } from "./types.js";

/** Groups events into batches of a fixed size and keeps the object's stats. */
export class EventCollector {
  /** Full batches not yet handed out. */
  private readonly full: VigilEvent[][] = [];
  private batch: VigilEvent[] = [];

  constructor(
    readonly stats: ParseStats,
    private readonly batchSize: number,
  ) {}

  add(event: VigilEvent): void {
    this.stats.records += 1;
    this.stats.events += 1;
    this.batch.push(event);
    if (this.batch.length >= this.batchSize) {
      this.full.push(this.batch);
      this.batch = [];
    }
  }

  /** A record that was read and deliberately produced no event. */
  dropped(): void {
    this.stats.records += 1;
  }

  broken(line: number | undefined, message: string): void {
    this.stats.records += 1;
    this.stats.broken += 1;
    this.report(line, message);
  }

  /** A problem of the object that is not one record (e.g. it ends without closing its array). */
  report(line: number | undefined, message: string): void {
    if (this.stats.errors.length < MAX_REPORTED_ERRORS) {
      this.stats.errors.push(line === undefined ? { message } : { line, message });
    }
  }

  /** The full batches so far; with `final`, also the last, partial one. */
  take(final = false): VigilEvent[][] {
    if (final && this.batch.length > 0) {
      this.full.push(this.batch);
      this.batch = [];
    }
    return this.full.splice(0, this.full.length);
  }
}
