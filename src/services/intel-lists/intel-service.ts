import { buildThreatIndex, type IntelRegistry, type ThreatIndexInput } from "../../detection/intel/index.js";
import type { Logger } from "../../logger.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";

/** Where snapshots come from (IntelSnapshotSource over PostgreSQL). */
export type SnapshotSource = { fingerprint(): Promise<string>; load(): Promise<ThreatIndexInput> };

export type IntelServiceOptions = {
  /** The registry detections read (services.intel); this service swaps snapshots into it. */
  registry: IntelRegistry;
  source: SnapshotSource;
  pubSub: VigilPubSub;
  logger: Logger;
  /** How often to compare the database's fingerprint with the snapshot's, in case an event was missed. */
  checkIntervalMs: number;
};

/**
 * Keeps a worker process's threat intelligence current. Detections read the registry (taking
 * `registry.current()` once per batch); this rebuilds it on every LISTS_CHANGED event and whenever
 * the periodic check finds the database changed. A rebuild happens off to the side and is swapped in
 * whole, so a reader never sees a half-loaded list; rebuilds run one at a time and a request
 * arriving during one triggers one more, so an older rebuild never lands after a newer one.
 */
export class IntelService {
  private running: Promise<void> | undefined;
  private again = false;
  private installedFingerprint: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private events: AsyncIterator<unknown> | undefined;

  constructor(private readonly options: IntelServiceOptions) {}

  /** Subscribes first, then loads: a change made during the first load still triggers a rebuild. */
  async start(): Promise<void> {
    this.events = this.options.pubSub.subscribe("LISTS_CHANGED")[Symbol.asyncIterator]();
    void this.listen(this.events);
    await this.reload();
    this.timer = setInterval(() => void this.checkForChanges(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.events?.return?.();
    await this.running;
  }

  /** Rebuilds now, or once more after the rebuild in progress; resolves when the snapshot is current. */
  reload(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.rebuildUntilCurrent().finally(() => (this.running = undefined));
    return this.running;
  }

  private async listen(events: AsyncIterator<unknown>): Promise<void> {
    try {
      for (let next = await events.next(); !next.done; next = await events.next()) void this.reload();
    } catch (error) {
      // Without events the periodic check still catches every change, only later.
      this.options.logger.error({ err: error }, "stopped receiving LISTS_CHANGED events");
    }
  }

  private async rebuildUntilCurrent(): Promise<void> {
    do {
      this.again = false;
      await this.rebuild();
    } while (this.again);
  }

  private async rebuild(): Promise<void> {
    const started = performance.now();
    try {
      // Taken before reading: a change made during the load leaves the fingerprint different, and the next check rebuilds.
      const fingerprint = await this.options.source.fingerprint();
      const snapshot = buildThreatIndex(await this.options.source.load());
      this.options.registry.replace(snapshot);
      this.installedFingerprint = fingerprint;
      this.options.logger.info({ ...snapshot.stats, ms: Math.round(performance.now() - started) }, "threat intel snapshot installed");
    } catch (error) {
      // The previous snapshot stays in force; the next event or check tries again.
      this.options.logger.error({ err: error }, "could not rebuild the threat intel snapshot");
    }
  }

  private async checkForChanges(): Promise<void> {
    try {
      if ((await this.options.source.fingerprint()) !== this.installedFingerprint) await this.reload();
    } catch (error) {
      this.options.logger.warn({ err: error }, "could not check the lists for changes");
    }
  }
}
