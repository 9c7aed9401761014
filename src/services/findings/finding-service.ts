import {
  findingsByIds,
  findingsPage,
  findingStatistics,
  purgeFindingsUpdatedBefore,
  setArchived,
  setFeedback,
  visibleFindingTargets,
  visibleFindingsByIds,
  writeSampleFindings,
} from "../../db/findings/finding-repository.js";
import { pruneFindingEventsBefore } from "../../db/findings/finding-events.js";
import type { Database } from "../../db/prisma.js";
import { compileCriteria, type FindingCriteria } from "./criteria/criteria.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import type { AccountActor, Actor } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { InvalidInputError, NotFoundError } from "../errors.js";
import { type Page, type PageRequest, pageSize } from "../pagination.js";
import { authorizeDetector } from "../policies/detector.js";
import { decodeFindingCursor, encodeFindingCursor, findingOrder, type SortCriteria } from "./finding-sort.js";
import { type FindingStatistics, type StatisticsRequest, statisticsQuery } from "./finding-statistics.js";
import { buildSampleFindings, sampleTypes } from "./sample-findings.js";
import type { StoredFinding } from "./stored-finding.js";

export type ListFindingsRequest = PageRequest & { findingCriteria?: FindingCriteria | null; sortCriteria?: SortCriteria | null };

export type FindingsStatisticsRequest = StatisticsRequest & {
  findingCriteria?: FindingCriteria | null;
  /** Sample findings count only when asked, so they never inflate a dashboard by accident. */
  includeSamples?: boolean | null;
};

export type Feedback = "USEFUL" | "NOT_USEFUL";

const MAX_FINDING_IDS = 50; // GuardDuty's batch limit
const MAX_COMMENTS = 1024;

type Scope = { caller: AccountActor; detectorId: string };

function validateFindingIds(findingIds: readonly string[]): string[] {
  if (findingIds.length < 1 || findingIds.length > MAX_FINDING_IDS) throw new InvalidInputError(`findingIds takes 1 to ${MAX_FINDING_IDS} ids.`);
  return [...new Set(findingIds)];
}

/**
 * Findings as GuardDuty serves them: queried with FindingCriteria in PostgreSQL, seen by their
 * account and its administrator only, archived by whom GuardDuty allows (plus members when their
 * administrator lets them). Every change is published on FINDINGS_UPSERTED for live subscribers.
 */
export class FindingService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly pubSub: VigilPubSub,
  ) {}

  /** The caller and its own detector, which every findings operation names (as in GuardDuty's paths). */
  private async scope(actor: Actor | null, detectorId: string): Promise<Scope> {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    return { caller, detectorId };
  }

  async list(actor: Actor | null, detectorId: string, request: ListFindingsRequest): Promise<Page<StoredFinding>> {
    const { caller } = await this.scope(actor, detectorId);
    const size = pageSize(request.first);
    const criteria = compileCriteria(request.findingCriteria);
    const order = findingOrder(request.sortCriteria);
    const after = decodeFindingCursor(order, request.after);
    const rows = await findingsPage(this.db, { accountRowId: caller.accountRowId, criteria, order, after, size });
    const items = rows.slice(0, size);
    return { items, nextCursor: rows.length > size ? encodeFindingCursor(order, items[items.length - 1]) : null };
  }

  /** GuardDuty's GetFindings: the visible ones among the ids, others are left out. */
  async get(actor: Actor | null, detectorId: string, findingIds: readonly string[], sortCriteria?: SortCriteria | null): Promise<StoredFinding[]> {
    const { caller } = await this.scope(actor, detectorId);
    const ids = validateFindingIds(findingIds);
    return visibleFindingsByIds(this.db, caller.accountRowId, ids, findingOrder(sortCriteria));
  }

  async statistics(actor: Actor | null, detectorId: string, request: FindingsStatisticsRequest): Promise<FindingStatistics> {
    const { caller } = await this.scope(actor, detectorId);
    const { field, query } = statisticsQuery(request);
    const criteria = compileCriteria(request.findingCriteria);
    const rows = await findingStatistics(this.db, { accountRowId: caller.accountRowId, criteria, includeSamples: Boolean(request.includeSamples) }, query);
    return { [field]: rows };
  }

  archive(actor: Actor | null, detectorId: string, findingIds: readonly string[]): Promise<void> {
    return this.setArchived(actor, detectorId, findingIds, true);
  }

  unarchive(actor: Actor | null, detectorId: string, findingIds: readonly string[]): Promise<void> {
    return this.setArchived(actor, detectorId, findingIds, false);
  }

  /** All or nothing: every id must be visible and archivable by the caller, or nothing changes. */
  private async setArchived(actor: Actor | null, detectorId: string, findingIds: readonly string[], archived: boolean): Promise<void> {
    const scope = await this.scope(actor, detectorId);
    const targets = await this.visibleTargets(scope, findingIds);
    const ownFindings = targets.filter((t) => t.detectorId === scope.detectorId);
    if (ownFindings.length > 0) await authorizeDetector(this.db, scope.caller, "archiveOwnFindings", scope.detectorId);
    const now = new Date();
    const operation = archived ? "archiveFindings" : "unarchiveFindings";
    const changed = await this.audit.change(scope.caller, async (tx, record) => {
      const rows = await setArchived(tx, targets.map((t) => t.id), archived, now);
      for (const [ownerRowId, ids] of groupBy(targets.filter((t) => rows.some((r) => r.id === t.id)), (t) => t.ownerRowId)) {
        record({ accountId: ownerRowId, operation, targetType: "Finding", targetId: ids[0].detectorId, after: { findingIds: ids.map((t) => t.id), archived } });
      }
      return rows;
    });
    this.publishUpdates(changed);
  }

  async updateFeedback(actor: Actor | null, detectorId: string, findingIds: readonly string[], feedback: Feedback, comments?: string | null): Promise<void> {
    const scope = await this.scope(actor, detectorId);
    if (comments && comments.length > MAX_COMMENTS) throw new InvalidInputError(`comments is at most ${MAX_COMMENTS} characters.`);
    const targets = await this.visibleTargets(scope, findingIds);
    const rows = await setFeedback(this.db, targets.map((t) => t.id), feedback, comments ?? null);
    this.publishUpdates(rows);
  }

  /** One sample per type (every catalogue type when none is named), in the caller's own detector. */
  async createSamples(actor: Actor | null, detectorId: string, findingTypes: readonly string[] | null | undefined): Promise<StoredFinding[]> {
    const { caller } = await this.scope(actor, detectorId);
    const findings = buildSampleFindings(sampleTypes(findingTypes), { detectorId, accountId: caller.accountId, now: Date.now() });
    const written = await writeSampleFindings(this.db, findings);
    this.pubSub.publish("FINDINGS_UPSERTED", { detectorId, findings: written.map(({ id, accountId, created }) => ({ id, accountId, created })) });
    return this.loadByIds(written.map((w) => w.id));
  }

  /** System read (live fan-out, publishing): findings by id, without authorization. */
  loadByIds(ids: readonly string[]): Promise<StoredFinding[]> {
    return findingsByIds(this.db, ids);
  }

  /** System task: deletes findings last updated before the cutoff. */
  purgeUpdatedBefore(cutoff: Date, batchSize = 5_000): Promise<number> {
    return purgeFindingsUpdatedBefore(this.db, cutoff, batchSize);
  }

  /** System task: deletes live notifications written before the cutoff (readers are minutes behind at most). */
  pruneEventsBefore(cutoff: Date): Promise<number> {
    return pruneFindingEventsBefore(this.db, cutoff);
  }

  private async visibleTargets(scope: Scope, findingIds: readonly string[]) {
    const ids = validateFindingIds(findingIds);
    const rows = await visibleFindingTargets(this.db, scope.caller.accountRowId, ids);
    const missing = ids.find((id) => !rows.some((row) => row.id === id));
    if (missing) throw new NotFoundError(`Finding ${missing} not found.`);
    return rows;
  }

  private publishUpdates(rows: ReadonlyArray<{ id: string; detectorId: string; accountId: string }>): void {
    for (const [detectorId, group] of groupBy(rows, (row) => row.detectorId)) {
      this.pubSub.publish("FINDINGS_UPSERTED", { detectorId, findings: group.map((row) => ({ id: row.id, accountId: row.accountId, created: false })) });
    }
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
