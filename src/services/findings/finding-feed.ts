import type { FindingCriteria } from "./criteria/criteria.js";
import type { Actor } from "../actor.js";
import { ConflictError, UnauthenticatedError } from "../errors.js";
import type { LiveFindingAccess } from "./live-finding-access.js";
import { FindingSubscriber } from "./finding-subscriber.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import type { FindingEvent } from "../../db/findings/finding-events.js";
import { FindingEventReader } from "./finding-event-reader.js";

export type FindingFeedOptions = {
  /** Findings one subscription may have waiting before it is ended as too slow. */
  queueLimit: number;
  /** How often revoked API keys and membership changes are checked. */
  recheckMs: number;
  /** Where failures of the feed itself go (the runtime passes its logger). */
  report: (error: unknown, what: string) => void;
  /** How often the notification log is read without a wake-up (2 s unless set). */
  catchUpMs?: number;
  /** How long an id handed out but not committed is waited for (2 min unless set). */
  awaitCommitMs?: number;
};

/** What /metrics shows of the feed of this API process. */
export type FindingFeedStats = { subscribers: number; eventsRead: number; listenerReconnects: number; backlog: number; lagSeconds: number };

type Visibility = { detectorIds: Set<string>; subscribers: number };

/**
 * The one fan-out layer of an API process: it reads the notification log in PostgreSQL (written in
 * the transactions that change findings, whichever process ran them), loads the changed findings once
 * per read, and hands each event to the subscriptions that may see it and whose criteria it matches.
 * Suppressed findings are never pushed. Redis carries none of it, so losing Redis loses no
 * notification. It reads only while someone is subscribed.
 */
export class FindingFeed {
  private readonly subscribers = new Set<FindingSubscriber>();
  private readonly visibility = new Map<string, Visibility>();
  private listening: Promise<() => Promise<void>> | undefined;
  private reader: FindingEventReader | undefined;
  // Counts of readers stopped earlier, so the metrics only ever grow.
  private eventsRead = 0;
  private reconnects = 0;

  constructor(
    private readonly pubSub: VigilPubSub,
    private readonly access: LiveFindingAccess,
    private readonly options: FindingFeedOptions,
  ) {}

  /** Authorizes like the queries (own detector, valid criteria), then starts the subscription. */
  async open(actor: Actor | null, detectorId: string, criteria: FindingCriteria | null): Promise<FindingSubscriber> {
    const { caller, matches } = await this.access.authorize(actor, detectorId, criteria);
    const detectorIds = await this.access.visibleDetectorIds(caller.accountRowId);
    const visibility = this.visibility.get(caller.accountRowId);
    this.visibility.set(caller.accountRowId, { detectorIds, subscribers: (visibility?.subscribers ?? 0) + 1 });
    const subscriber = new FindingSubscriber(
      caller,
      matches,
      this.options.queueLimit,
      () => new ConflictError(`This subscription fell more than ${this.options.queueLimit} findings behind and was closed; subscribe again, and catch up with listFindings (updatedAt).`),
      (ended) => this.remove(ended),
    );
    this.subscribers.add(subscriber);
    this.listening ??= this.listen();
    try {
      // Resolved once the reader knows where the log ends: the subscription gets everything written after.
      await this.listening;
    } catch (error) {
      this.listening = undefined;
      await subscriber.return();
      throw error;
    }
    return subscriber;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  async stats(): Promise<FindingFeedStats> {
    const reader = this.reader;
    const backlog = reader ? await reader.backlog() : { events: 0, lagSeconds: 0 };
    return { subscribers: this.subscribers.size, eventsRead: this.eventsRead + (reader?.events ?? 0), listenerReconnects: this.reconnects + (reader?.reconnects ?? 0), backlog: backlog.events, lagSeconds: backlog.lagSeconds };
  }

  close(): void {
    for (const subscriber of [...this.subscribers]) void subscriber.return();
  }

  private remove(subscriber: FindingSubscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    const accountRowId = subscriber.caller.accountRowId;
    const visibility = this.visibility.get(accountRowId);
    if (visibility && --visibility.subscribers === 0) this.visibility.delete(accountRowId);
    if (this.subscribers.size === 0 && this.listening) {
      const listening = this.listening;
      this.listening = undefined;
      void listening.then((stop) => stop()).catch((error) => this.options.report(error, "stopping the finding events reader"));
    }
  }

  private async listen(): Promise<() => Promise<void>> {
    const reader = new FindingEventReader(this.access, (events) => this.dispatch(events), {
      catchUpMs: this.options.catchUpMs ?? 2_000,
      awaitCommitMs: this.options.awaitCommitMs ?? 120_000,
      report: this.options.report,
    });
    const securityChanges = this.pubSub.subscribe("SECURITY_CONFIGURATION_CHANGED");
    void (async () => {
      // A member leaving or removed is security-relevant: stop showing its findings at once.
      for await (const _change of securityChanges) await this.refreshVisibility().catch((error) => this.options.report(error, "refreshing subscription visibility"));
    })();
    const timer = setInterval(() => void this.recheck().catch((error) => this.options.report(error, "rechecking subscriptions")), this.options.recheckMs);
    timer.unref();
    const stop = async () => {
      clearInterval(timer);
      void securityChanges.return?.();
      if (this.reader === reader) this.reader = undefined;
      this.eventsRead += reader.events;
      await reader.stop();
      this.reconnects += reader.reconnects;
    };
    try {
      await reader.start();
    } catch (error) {
      await stop();
      throw error;
    }
    this.reader = reader;
    return stop;
  }

  /** One read at a time, in log order: subscribers see the changes of one finding in the order they happened. */
  private async dispatch(events: readonly FindingEvent[]): Promise<void> {
    const audience = [...this.subscribers];
    const visible = (subscriber: FindingSubscriber, detectorId: string) => this.visibility.get(subscriber.caller.accountRowId)?.detectorIds.has(detectorId) ?? false;
    const relevant = events.filter((event) => audience.some((subscriber) => visible(subscriber, event.detectorId)));
    if (relevant.length === 0) return;
    const findings = new Map((await this.access.loadByIds([...new Set(relevant.map((event) => event.findingId))])).map((finding) => [finding.id, finding]));
    for (const event of relevant) {
      const finding = findings.get(event.findingId);
      if (!finding || finding.suppressed) continue;
      for (const subscriber of audience) {
        if (visible(subscriber, finding.detectorId) && subscriber.matches(finding.data)) subscriber.push({ change: event.kind, finding });
      }
      // A read holds up to a thousand events: the sockets get to send between them, so only a client
      // that really reads slower than findings arrive fills its queue.
      if (audience.some((subscriber) => subscriber.backlog > 0)) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async refreshVisibility(): Promise<void> {
    for (const [accountRowId, visibility] of this.visibility) {
      visibility.detectorIds = await this.access.visibleDetectorIds(accountRowId);
    }
  }

  private async recheck(): Promise<void> {
    // Only the subscribers whose keys were asked about: one that subscribes during the query is checked next time.
    const checked = [...this.subscribers];
    const apiKeyIds = [...new Set(checked.map((s) => s.caller.apiKeyId))];
    if (apiKeyIds.length > 0) {
      const live = await this.access.liveApiKeyIds(apiKeyIds);
      for (const subscriber of checked) {
        if (!live.has(subscriber.caller.apiKeyId)) subscriber.fail(new UnauthenticatedError("The API key of this subscription was revoked."));
      }
    }
    await this.refreshVisibility();
  }
}
