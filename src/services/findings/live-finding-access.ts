import type { Database } from "../../db/prisma.js";
import { compileCriteria, type FindingCriteria } from "./criteria/criteria.js";
import { criteriaToPredicate, type FindingPredicate } from "./criteria/to-predicate.js";
import type { AccountActor, Actor } from "../actor.js";
import { authorizeDetector } from "../policies/detector.js";
import type { FindingService } from "./finding-service.js";
import { visibleDetectorIds } from "../../db/findings/finding-visibility.js";
import type { StoredFinding } from "./stored-finding.js";
import { findingEventBacklog, findingEventsAfter, findingEventStart } from "../../db/findings/finding-events.js";
import { FindingEventListener, type FindingEventListenerHandlers } from "../../db/findings/finding-event-listener.js";
import type { FindingEventLog } from "./finding-event-reader.js";

/**
 * What the live findings feed may ask of the database: the same authorization as the queries when a
 * subscription opens, then the system reads it repeats (visibility, revoked keys, changed findings),
 * and the notification log.
 */
export class LiveFindingAccess implements FindingEventLog {
  constructor(
    private readonly db: Database,
    private readonly findings: FindingService,
  ) {}

  /** The caller must name its own detector; criteria are validated now, so a bad one fails the subscription at once. */
  async authorize(actor: Actor | null, detectorId: string, criteria: FindingCriteria | null): Promise<{ caller: AccountActor; matches: FindingPredicate }> {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    return { caller, matches: criteriaToPredicate(compileCriteria(criteria)) };
  }

  visibleDetectorIds(accountRowId: string): Promise<Set<string>> {
    return visibleDetectorIds(this.db, accountRowId);
  }

  /** Of these API keys, the ones that still authenticate. */
  async liveApiKeyIds(apiKeyIds: readonly string[]): Promise<Set<string>> {
    const live = await this.db.apiKey.findMany({ where: { id: { in: [...apiKeyIds] }, revokedAt: null }, select: { id: true } });
    return new Set(live.map((key) => key.id));
  }

  loadByIds(ids: readonly string[]): Promise<StoredFinding[]> {
    return this.findings.loadByIds(ids);
  }

  start(window: number) {
    return findingEventStart(this.db, window);
  }

  after(position: number, awaited: readonly number[], limit: number) {
    return findingEventsAfter(this.db, position, awaited, limit);
  }

  backlog(position: number) {
    return findingEventBacklog(this.db, position);
  }

  listen(handlers: FindingEventListenerHandlers) {
    const listener = new FindingEventListener(this.db, handlers);
    listener.start();
    return listener;
  }
}
