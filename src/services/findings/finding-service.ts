import type { Database } from "../../db/prisma.js";
import { compileCriteria, type FindingCriteria } from "./criteria/criteria.js";
import { criteriaToSql, usesJsonIndex } from "./criteria/to-sql.js";
import { Prisma } from "../../generated/prisma/client.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import { type AccountActor, type Actor, requireAccount } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { DetectorService } from "../detectors/detector-service.js";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../errors.js";
import { type Page, type PageRequest, pageSize } from "../pagination.js";
import { upsertFindings } from "./finding-store.js";
import { encodeFindingCursor, findingOrder, keysetSql, type SortCriteria } from "./finding-sort.js";
import { type FindingStatistics, type StatisticsRequest, statisticsQuery } from "./finding-statistics.js";
import { mayArchiveOwnFindings, visibleToAccountSql } from "./finding-visibility.js";
import { buildSampleFindings, sampleTypes } from "./sample-findings.js";
import { STORED_FINDING_COLUMNS, type StoredFinding } from "./stored-finding.js";

export type ListFindingsRequest = PageRequest & { findingCriteria?: FindingCriteria | null; sortCriteria?: SortCriteria | null };

export type FindingsStatisticsRequest = StatisticsRequest & {
  findingCriteria?: FindingCriteria | null;
  /** Sample findings count only when asked, so they never inflate a dashboard by accident. */
  includeSamples?: boolean | null;
};

export type Feedback = "USEFUL" | "NOT_USEFUL";

const MAX_FINDING_IDS = 50; // GuardDuty's batch limit
const MAX_COMMENTS = 1024;
/** Up to this many matches, a page is sorted from the matches rather than read off a sort index. */
const FEW_MATCHES = 5_000;

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
    private readonly detectors: DetectorService,
    private readonly pubSub: VigilPubSub,
  ) {}

  /** The caller and its own detector, which every findings operation names (as in GuardDuty's paths). */
  private async scope(actor: Actor | null, detectorId: string): Promise<Scope> {
    const caller = requireAccount(actor);
    await this.detectors.own(caller, detectorId);
    return { caller, detectorId };
  }

  async list(actor: Actor | null, detectorId: string, request: ListFindingsRequest): Promise<Page<StoredFinding>> {
    const { caller } = await this.scope(actor, detectorId);
    const size = pageSize(request.first);
    const criteria = compileCriteria(request.findingCriteria);
    const order = findingOrder(request.sortCriteria);
    const keyset = keysetSql(order, request.after, "f");
    const where = Prisma.sql`${await visibleToAccountSql(this.db, caller.accountRowId)} AND ${criteriaToSql(criteria, "f")} AND ${keyset.where}`;
    const ordered = Prisma.sql`SELECT ${STORED_FINDING_COLUMNS("f")} FROM findings f WHERE ${where} ORDER BY ${keyset.orderBy} LIMIT ${size + 1}`;
    const rows = (usesJsonIndex(criteria) && (await this.fewMatches(where, keyset.orderBy, size))) || (await this.db.$queryRaw<StoredFinding[]>(ordered));
    const items = rows.slice(0, size);
    return { items, nextCursor: rows.length > size ? encodeFindingCursor(order, items[items.length - 1]) : null };
  }

  /**
   * The page, when the criteria match few findings: looked up through the GIN index, then sorted
   * (see usesJsonIndex). Undefined when they match many, for which walking a sort index is faster.
   */
  private async fewMatches(where: Prisma.Sql, orderBy: Prisma.Sql, size: number): Promise<StoredFinding[] | undefined> {
    const candidates = await this.db.$queryRaw<Array<{ id: string }>>(Prisma.sql`SELECT f.id FROM findings f WHERE ${where} LIMIT ${FEW_MATCHES + 1}`);
    if (candidates.length > FEW_MATCHES) return undefined;
    return this.db.$queryRaw<StoredFinding[]>(Prisma.sql`
      SELECT ${STORED_FINDING_COLUMNS("f")} FROM findings f WHERE f.id = ANY(${candidates.map((c) => c.id)}::varchar[])
      ORDER BY ${orderBy} LIMIT ${size + 1}`);
  }

  /** GuardDuty's GetFindings: the visible ones among the ids, others are left out. */
  async get(actor: Actor | null, detectorId: string, findingIds: readonly string[], sortCriteria?: SortCriteria | null): Promise<StoredFinding[]> {
    const { caller } = await this.scope(actor, detectorId);
    const ids = validateFindingIds(findingIds);
    const order = findingOrder(sortCriteria);
    return this.db.$queryRaw<StoredFinding[]>(Prisma.sql`
      SELECT ${STORED_FINDING_COLUMNS("f")} FROM findings f
      WHERE f.id = ANY(${ids}::varchar[]) AND ${await visibleToAccountSql(this.db, caller.accountRowId)}
      ORDER BY ${keysetSql(order, null, "f").orderBy}`);
  }

  async statistics(actor: Actor | null, detectorId: string, request: FindingsStatisticsRequest): Promise<FindingStatistics> {
    const { caller } = await this.scope(actor, detectorId);
    const query = statisticsQuery(request);
    const samples = request.includeSamples ? Prisma.sql`TRUE` : Prisma.sql`NOT f.sample`;
    const where = Prisma.sql`${await visibleToAccountSql(this.db, caller.accountRowId)} AND ${criteriaToSql(compileCriteria(request.findingCriteria), "f")} AND ${samples}`;
    const rows = await this.db.$queryRaw<never[]>(query.sql(where));
    return { [query.field]: rows };
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
    if (ownFindings.length > 0 && !(await mayArchiveOwnFindings(this.db, scope.caller.accountRowId))) {
      throw new ForbiddenError("Your administrator archives your findings: members may archive only when their administrator allows it (membersCanArchive).");
    }
    const now = new Date();
    const operation = archived ? "archiveFindings" : "unarchiveFindings";
    const changed = await this.audit.change(scope.caller, async (tx, record) => {
      // updatedAt moves: the finding's state changed, and exports pick up an unarchived finding at their next interval.
      const rows = await tx.$queryRaw<Array<{ id: string; detectorId: string; accountId: string }>>(Prisma.sql`
        UPDATE findings SET archived = ${archived}, "updatedAt" = ${now},
          data = jsonb_set(jsonb_set(data, '{service,archived}', to_jsonb(${archived}::boolean)), '{updatedAt}', to_jsonb(${now.toISOString()}::text))
        WHERE id = ANY(${targets.map((t) => t.id)}::varchar[]) AND archived <> ${archived}
        RETURNING id, "detectorId", "accountId"`);
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
    const rows = await this.db.$queryRaw<Array<{ id: string; detectorId: string; accountId: string }>>(Prisma.sql`
      UPDATE findings SET feedback = ${feedback}, "feedbackNote" = ${comments ?? null},
        data = jsonb_set(data, '{service,userFeedback}', to_jsonb(${feedback}::text))
      WHERE id = ANY(${targets.map((t) => t.id)}::varchar[])
      RETURNING id, "detectorId", "accountId"`);
    this.publishUpdates(rows);
  }

  /** One sample per type (every catalogue type when none is named), in the caller's own detector. */
  async createSamples(actor: Actor | null, detectorId: string, findingTypes: readonly string[] | null | undefined): Promise<StoredFinding[]> {
    const { caller } = await this.scope(actor, detectorId);
    const findings = buildSampleFindings(sampleTypes(findingTypes), { detectorId, accountId: caller.accountId, now: Date.now() });
    const written = await this.db.$transaction(async (tx) => {
      const upserted = await upsertFindings(tx, findings);
      await tx.$executeRaw`UPDATE findings SET sample = true WHERE id = ANY(${findings.map((f) => f.id)}::varchar[])`;
      return upserted;
    });
    this.pubSub.publish("FINDINGS_UPSERTED", { detectorId, findings: written.map(({ id, accountId, created }) => ({ id, accountId, created })) });
    return this.loadByIds(written.map((w) => w.id));
  }

  /** System read (live fan-out, publishing): findings by id, without authorization. */
  loadByIds(ids: readonly string[]): Promise<StoredFinding[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<StoredFinding[]>(Prisma.sql`SELECT ${STORED_FINDING_COLUMNS("f")} FROM findings f WHERE f.id = ANY(${[...ids]}::varchar[])`);
  }

  /** System task: deletes findings last updated before the cutoff, a batch per statement so no statement holds many locks. */
  async purgeUpdatedBefore(cutoff: Date, batchSize = 5_000): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.db.$executeRaw`
        DELETE FROM findings WHERE id IN (SELECT id FROM findings WHERE "updatedAt" < ${cutoff} LIMIT ${batchSize})`;
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }

  private async visibleTargets(scope: Scope, findingIds: readonly string[]) {
    const ids = validateFindingIds(findingIds);
    const rows = await this.db.$queryRaw<Array<{ id: string; detectorId: string; ownerRowId: string }>>(Prisma.sql`
      SELECT f.id, f."detectorId", d."accountId"::text AS "ownerRowId" FROM findings f JOIN detectors d ON d.id = f."detectorId"
      WHERE f.id = ANY(${ids}::varchar[]) AND ${await visibleToAccountSql(this.db, scope.caller.accountRowId)}`);
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
