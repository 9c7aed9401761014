import { CustomRuleCompiler, type CustomRuleRegistry } from "../../detection/custom/stored/rule-sets.js";
import type { Logger } from "../../logger.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import type { CustomRuleSource } from "./custom-rule-source.js";
import type { CustomRuleWatcher } from "./custom-rule-watcher.js";

export type CustomRuleReloaderOptions = {
  registry: CustomRuleRegistry;
  source: CustomRuleSource;
  watcher: CustomRuleWatcher;
  pubSub: VigilPubSub;
  logger: Logger;
  /** How often to compare the database's fingerprint with the rules in force, in case an event was missed; costs are flushed as often. */
  checkIntervalMs: number;
};

/**
 * Keeps a worker process's stored custom rules current, the way IntelService keeps its lists: a
 * rebuild on every CUSTOM_RULES_CHANGED event and whenever the periodic check finds the database
 * changed; rebuilds run one at a time (one arriving during another runs once more after it), and the
 * new rule sets are swapped in whole.
 *
 * A system service (see ./README.md): it acts for no caller, so it takes no Actor.
 */
export class CustomRuleReloader {
  private running: Promise<void> | undefined;
  private again = false;
  private installed: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private events: AsyncIterator<unknown> | undefined;
  private readonly compiler: CustomRuleCompiler;

  constructor(private readonly options: CustomRuleReloaderOptions) {
    this.compiler = new CustomRuleCompiler(options.watcher.watchFor);
  }

  /** Subscribes first, then loads: a change made during the first load still triggers a rebuild. */
  async start(): Promise<void> {
    this.events = this.options.pubSub.subscribe("CUSTOM_RULES_CHANGED")[Symbol.asyncIterator]();
    void this.listen(this.events);
    await this.reload();
    this.timer = setInterval(() => void this.tick(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.events?.return?.();
    await this.running;
    await this.options.watcher.flush();
  }

  reload(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.rebuild();
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async listen(events: AsyncIterator<unknown>): Promise<void> {
    try {
      for (let next = await events.next(); !next.done; next = await events.next()) void this.reload();
    } catch (error) {
      this.options.logger.error({ err: error }, "stopped receiving CUSTOM_RULES_CHANGED events");
    }
  }

  private async rebuild(): Promise<void> {
    try {
      // Taken before reading: a change made during the load leaves the fingerprint different, and the next check rebuilds.
      const fingerprint = await this.options.source.fingerprint();
      const snapshot = this.compiler.build(await this.options.source.load());
      this.options.registry.replace(snapshot);
      this.installed = fingerprint;
      this.options.logger.info({ detectors: snapshot.size }, "custom rules installed");
    } catch (error) {
      this.options.logger.error({ err: error }, "could not reload the custom rules");
    }
  }

  private async tick(): Promise<void> {
    await this.options.watcher.flush();
    try {
      if ((await this.options.source.fingerprint()) !== this.installed) await this.reload();
    } catch (error) {
      this.options.logger.warn({ err: error }, "could not check the custom rules for changes");
    }
  }
}
