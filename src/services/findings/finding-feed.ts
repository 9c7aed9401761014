import type { FindingCriteria } from "./criteria/criteria.js";
import type { Actor } from "../actor.js";
import { ConflictError, UnauthenticatedError } from "../errors.js";
import type { LiveFindingAccess } from "./live-finding-access.js";
import { FindingSubscriber } from "./finding-subscriber.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import type { FindingsUpsertedEvent } from "../../realtime/topics.js";

export type FindingFeedOptions = {
  /** Findings one subscription may have waiting before it is ended as too slow. */
  queueLimit: number;
  /** How often revoked API keys and membership changes are checked. */
  recheckMs: number;
  /** Where failures of the feed itself go (the runtime passes its logger). */
  report: (error: unknown, what: string) => void;
};

type Visibility = { detectorIds: Set<string>; subscribers: number };

/**
 * The one fan-out layer of an API process: it listens to FINDINGS_UPSERTED (published by whichever
 * process wrote the findings), loads the changed findings once per event, and hands each to the
 * subscriptions that may see it and whose criteria it matches. Suppressed findings are never pushed.
 * It listens only while someone is subscribed.
 */
export class FindingFeed {
  private readonly subscribers = new Set<FindingSubscriber>();
  private readonly visibility = new Map<string, Visibility>();
  private stopListening: (() => void) | undefined;

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
    if (!this.stopListening) this.stopListening = this.listen();
    return subscriber;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  close(): void {
    for (const subscriber of [...this.subscribers]) void subscriber.return();
  }

  private remove(subscriber: FindingSubscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    const accountRowId = subscriber.caller.accountRowId;
    const visibility = this.visibility.get(accountRowId);
    if (visibility && --visibility.subscribers === 0) this.visibility.delete(accountRowId);
    if (this.subscribers.size === 0) {
      this.stopListening?.();
      this.stopListening = undefined;
    }
  }

  private listen(): () => void {
    const upserts = this.pubSub.subscribe("FINDINGS_UPSERTED");
    const securityChanges = this.pubSub.subscribe("SECURITY_CONFIGURATION_CHANGED");
    void (async () => {
      // One event at a time: subscribers see the changes of one finding in the order they happened.
      for await (const event of upserts) await this.dispatch(event).catch((error) => this.options.report(error, "loading changed findings for subscribers"));
    })();
    void (async () => {
      // A member leaving or removed is security-relevant: stop showing its findings at once.
      for await (const _change of securityChanges) await this.refreshVisibility().catch((error) => this.options.report(error, "refreshing subscription visibility"));
    })();
    const timer = setInterval(() => void this.recheck().catch((error) => this.options.report(error, "rechecking subscriptions")), this.options.recheckMs);
    timer.unref();
    return () => {
      clearInterval(timer);
      void upserts.return?.();
      void securityChanges.return?.();
    };
  }

  private async dispatch(event: FindingsUpsertedEvent): Promise<void> {
    const audience = [...this.subscribers].filter((s) => this.visibility.get(s.caller.accountRowId)?.detectorIds.has(event.detectorId));
    if (audience.length === 0) return;
    const created = new Map(event.findings.map((f) => [f.id, f.created]));
    const findings = await this.access.loadByIds([...created.keys()]);
    for (const finding of findings) {
      if (finding.suppressed) continue;
      const change = created.get(finding.id) ? "CREATED" : "UPDATED";
      for (const subscriber of audience) {
        // Visibility of the finding's own detector: an event's findings all share one, but checking each costs nothing.
        if (!this.visibility.get(subscriber.caller.accountRowId)?.detectorIds.has(finding.detectorId)) continue;
        if (subscriber.matches(finding.data)) subscriber.push({ change, finding });
      }
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
