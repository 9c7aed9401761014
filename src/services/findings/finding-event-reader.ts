import type { FindingEvent, FindingEventStart } from "../../db/findings/finding-events.js";
import type { FindingEventListenerHandlers } from "../../db/findings/finding-event-listener.js";

/** What the reader needs of the notification log (LiveFindingAccess gives it the database's). */
export type FindingEventLog = {
  start(window: number): Promise<FindingEventStart>;
  after(position: number, awaited: readonly number[], limit: number): Promise<FindingEvent[]>;
  backlog(position: number): Promise<{ events: number; oldest: Date | null }>;
  listen(handlers: FindingEventListenerHandlers): { stop(): Promise<void>; readonly reconnects: number };
};

export type FindingEventReaderOptions = {
  /** Without a wake-up, the log is still read this often (a lost LISTEN connection, a pooler that drops NOTIFY). */
  catchUpMs: number;
  /**
   * An id handed out but not yet visible belongs to a transaction still running, or to one rolled back:
   * it is looked for this long. Longer than the longest transaction that writes findings (60 s).
   */
  awaitCommitMs: number;
  report: (error: unknown, what: string) => void;
};

const BATCH = 1_000;
/** Ids not yet committed that are waited for at once, at most; a rollback of more leaves only gaps nobody fills. */
const MAX_AWAITED = 10_000;
/** Recent ids checked at start for transactions still running. */
const START_WINDOW = 1_000;

/**
 * Reads the notification log in order, each event once. Ids are handed out before commit, so a
 * transaction can commit after a later one: the ids skipped over are awaited, and read when they
 * commit. A NOTIFY on commit wakes the reader; a read is never concurrent with another, and a
 * wake-up during one makes it read again.
 */
export class FindingEventReader {
  private position = 0;
  /** Ids skipped over, not visible yet, by when they were first missed. */
  private readonly awaited = new Map<number, number>();
  private listener: ReturnType<FindingEventLog["listen"]> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading = false;
  private again = false;
  private stopped = false;
  /** Events read since start. */
  events = 0;

  constructor(
    private readonly log: FindingEventLog,
    private readonly handle: (events: FindingEvent[]) => Promise<void>,
    private readonly options: FindingEventReaderOptions,
  ) {}

  /** From now on: every event after the log's current end, and those of transactions running now. */
  async start(): Promise<void> {
    const start = await this.log.start(START_WINDOW);
    this.position = start.position;
    const now = Date.now();
    for (const id of start.uncommitted) this.awaited.set(id, now);
    if (this.stopped) return;
    this.listener = this.log.listen({ onNotify: this.wake, onListening: this.wake, onError: (error) => this.options.report(error, "listening for finding events") });
    this.timer = setInterval(this.wake, this.options.catchUpMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.stop();
  }

  get reconnects(): number {
    return this.listener?.reconnects ?? 0;
  }

  /** Events in the log this reader has not read yet, and how long ago the oldest of them was written. */
  async backlog(): Promise<{ events: number; lagSeconds: number }> {
    const { events, oldest } = await this.log.backlog(this.position);
    return { events, lagSeconds: oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0 };
  }

  readonly wake = (): void => {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    void this.drain();
  };

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        const events = await this.log.after(this.position, [...this.awaited.keys()], BATCH);
        const fresh = this.advance(events);
        this.events += fresh.length;
        if (fresh.length > 0 && !this.stopped) await this.handle(fresh);
        if (events.length === BATCH) this.again = true;
      } while (this.again && !this.stopped);
    } catch (error) {
      this.options.report(error, "reading finding events");
    } finally {
      this.reading = false;
    }
  }

  /** Moves the position past the events, awaiting the ids skipped; returns the events not read before. */
  private advance(events: readonly FindingEvent[]): FindingEvent[] {
    const now = Date.now();
    const fresh: FindingEvent[] = [];
    for (const event of events) {
      if (this.awaited.delete(event.id)) {
        fresh.push(event);
        continue;
      }
      if (event.id <= this.position) continue;
      for (let id = Math.max(this.position + 1, event.id - MAX_AWAITED); id < event.id; id++) this.awaited.set(id, now);
      this.position = event.id;
      fresh.push(event);
    }
    // Oldest first in insertion order: the ids missed longest ago go first.
    for (const [id, since] of this.awaited) {
      if (now - since <= this.options.awaitCommitMs && this.awaited.size <= MAX_AWAITED) break;
      this.awaited.delete(id);
    }
    return fresh;
  }
}
