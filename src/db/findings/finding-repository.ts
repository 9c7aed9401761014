import type { Finding } from "../../detection/findings/types.js";
import { type CompiledCriteria, criteriaToSql, usesJsonIndex } from "./criteria-sql.js";
import { Prisma } from "../../generated/prisma/client.js";
import type { Database } from "../prisma.js";
import type { Transaction } from "../transaction.js";
import { FINDING_RECORD_COLUMNS, type FindingRecord } from "./finding-record.js";
import { type FindingOrder, keysetSql, type SortKey } from "./finding-order.js";
import { type StatisticsQuery, statisticsSql } from "./finding-statistics.js";
import { type UpsertedFinding, upsertFindings } from "./finding-upserts.js";
import { visibleDetectorIds, visibleToAccountSql } from "./finding-visibility.js";
import { countsStatistics, dropEmptyCounts } from "./finding-counts.js";
import { loggingUpdates } from "./finding-events.js";

/** Up to this many matches, a page is sorted from the matches rather than read off a sort index. */
const FEW_MATCHES = 5_000;

/** A finding a change touches, with the row id of the account owning its detector. */
export type FindingTarget = { id: string; detectorId: string; ownerRowId: string };

/** A finding a change wrote, for the events published after it. */
export type ChangedFinding = { id: string; detectorId: string; accountId: string };

export type FindingsPageQuery = { accountRowId: string; criteria: CompiledCriteria; order: FindingOrder; after: SortKey | null; size: number };

/** Up to `size + 1` findings the account sees, in order after the key: the extra one says whether a page follows. */
export async function findingsPage(db: Database, query: FindingsPageQuery): Promise<FindingRecord[]> {
  const keyset = keysetSql(query.order, query.after, "f");
  const visible = await visibleToAccountSql(db, query.accountRowId);
  const where = Prisma.sql`${visible} AND ${criteriaToSql(query.criteria, "f")} AND ${keyset.where}`;
  const ordered = Prisma.sql`SELECT ${FINDING_RECORD_COLUMNS("f")} FROM findings f WHERE ${where} ORDER BY ${keyset.orderBy} LIMIT ${query.size + 1}`;
  if (!usesJsonIndex(query.criteria)) return db.$queryRaw<FindingRecord[]>(ordered);
  return (
    (await amongTheFirst(db, Prisma.sql`${visible} AND ${keyset.where}`, criteriaToSql(query.criteria, "f"), keyset.orderBy, query.size)) ??
    (await fewMatches(db, where, keyset.orderBy, query.size)) ??
    db.$queryRaw<FindingRecord[]>(ordered)
  );
}

/** Findings in sort order a JSON condition is first tried on: enough for a page when one in ten matches. */
const FIRST_IN_ORDER = 500;

/**
 * The page, when it lies among the first FIRST_IN_ORDER visible findings in sort order: the
 * condition is tested on those only, read off the sort index. Criteria matching many findings (a
 * third of them, say) fill a page within a few hundred rows, where the GIN lookup would collect
 * every match first. Undefined when fewer than a page match among them.
 */
async function amongTheFirst(db: Database, visible: Prisma.Sql, condition: Prisma.Sql, orderBy: Prisma.Sql, size: number): Promise<FindingRecord[] | undefined> {
  const rows = await db.$queryRaw<FindingRecord[]>(Prisma.sql`
    SELECT ${FINDING_RECORD_COLUMNS("f")} FROM (
      SELECT * FROM findings f WHERE ${visible} ORDER BY ${orderBy} LIMIT ${FIRST_IN_ORDER}) f
    WHERE ${condition} ORDER BY ${orderBy} LIMIT ${size + 1}`);
  return rows.length > size ? rows : undefined;
}

/**
 * The page, when the criteria match few findings: looked up through the GIN index, then sorted
 * (see usesJsonIndex). Undefined when they match many, for which walking a sort index is faster.
 */
async function fewMatches(db: Database, where: Prisma.Sql, orderBy: Prisma.Sql, size: number): Promise<FindingRecord[] | undefined> {
  const candidates = await db.$queryRaw<Array<{ id: string }>>(Prisma.sql`SELECT f.id FROM findings f WHERE ${where} LIMIT ${FEW_MATCHES + 1}`);
  if (candidates.length > FEW_MATCHES) return undefined;
  return db.$queryRaw<FindingRecord[]>(Prisma.sql`
    SELECT ${FINDING_RECORD_COLUMNS("f")} FROM findings f WHERE f.id = ANY(${candidates.map((c) => c.id)}::varchar[])
    ORDER BY ${orderBy} LIMIT ${size + 1}`);
}

/** The findings among the ids that the account sees, in order. */
export async function visibleFindingsByIds(db: Database, accountRowId: string, ids: readonly string[], order: FindingOrder): Promise<FindingRecord[]> {
  return db.$queryRaw<FindingRecord[]>(Prisma.sql`
    SELECT ${FINDING_RECORD_COLUMNS("f")} FROM findings f
    WHERE f.id = ANY(${[...ids]}::varchar[]) AND ${await visibleToAccountSql(db, accountRowId)}
    ORDER BY ${keysetSql(order, null, "f").orderBy}`);
}

export type StatisticsFilter = { accountRowId: string; criteria: CompiledCriteria; includeSamples: boolean };

/**
 * The statistics rows over the findings the account sees that match the criteria: from the finding
 * counts when they cover the criteria, else by scanning the findings.
 */
export async function findingStatistics(db: Database, filter: StatisticsFilter, query: StatisticsQuery): Promise<unknown[]> {
  const detectorIds = [...(await visibleDetectorIds(db, filter.accountRowId))];
  const counted = await countsStatistics(db, { detectorIds, criteria: filter.criteria, includeSamples: filter.includeSamples }, query);
  if (counted) return counted;
  const samples = filter.includeSamples ? Prisma.sql`TRUE` : Prisma.sql`NOT f.sample`;
  const where = Prisma.sql`f."detectorId" = ANY(${detectorIds}::varchar[]) AND ${criteriaToSql(filter.criteria, "f")} AND ${samples}`;
  return db.$queryRaw<unknown[]>(statisticsSql(query, where));
}

/** The findings among the ids that the account sees, with their owners; the others are left out. */
export async function visibleFindingTargets(db: Database, accountRowId: string, ids: readonly string[]): Promise<FindingTarget[]> {
  return db.$queryRaw<FindingTarget[]>(Prisma.sql`
    SELECT f.id, f."detectorId", d."accountId"::text AS "ownerRowId" FROM findings f JOIN detectors d ON d.id = f."detectorId"
    WHERE f.id = ANY(${[...ids]}::varchar[]) AND ${await visibleToAccountSql(db, accountRowId)}`);
}

/** Archives or unarchives the findings not already in that state; returns the ones it changed. */
export function setArchived(tx: Transaction, ids: readonly string[], archived: boolean, now: Date): Promise<ChangedFinding[]> {
  // updatedAt moves: the finding's state changed, and exports pick up an unarchived finding at their next interval.
  return tx.$queryRaw<ChangedFinding[]>(loggingUpdates(Prisma.sql`
    UPDATE findings SET archived = ${archived}, "updatedAt" = ${now},
      data = jsonb_set(jsonb_set(data, '{service,archived}', to_jsonb(${archived}::boolean)), '{updatedAt}', to_jsonb(${now.toISOString()}::text))
    WHERE id = ANY(${[...ids]}::varchar[]) AND archived <> ${archived}
    RETURNING id, "detectorId", "accountId"`));
}

export function setFeedback(db: Database, ids: readonly string[], feedback: string, comments: string | null): Promise<ChangedFinding[]> {
  return db.$queryRaw<ChangedFinding[]>(loggingUpdates(Prisma.sql`
    UPDATE findings SET feedback = ${feedback}, "feedbackNote" = ${comments},
      data = jsonb_set(data, '{service,userFeedback}', to_jsonb(${feedback}::text))
    WHERE id = ANY(${[...ids]}::varchar[])
    RETURNING id, "detectorId", "accountId"`));
}

/** Writes findings flagged as samples, in one transaction so no sample is ever seen unflagged. */
export function writeSampleFindings(db: Database, findings: readonly Finding[]): Promise<UpsertedFinding[]> {
  return db.$transaction(async (tx) => {
    const upserted = await upsertFindings(tx, findings);
    await tx.$executeRaw`UPDATE findings SET sample = true WHERE id = ANY(${findings.map((f) => f.id)}::varchar[])`;
    return upserted;
  });
}

/** Findings by id, whoever sees them: for system reads only. */
export function findingsByIds(db: Database, ids: readonly string[]): Promise<FindingRecord[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.$queryRaw<FindingRecord[]>(Prisma.sql`SELECT ${FINDING_RECORD_COLUMNS("f")} FROM findings f WHERE f.id = ANY(${[...ids]}::varchar[])`);
}

/** Deletes findings last updated before the cutoff, a batch per statement so no statement holds many locks. */
export async function purgeFindingsUpdatedBefore(db: Database, cutoff: Date, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM findings WHERE id IN (SELECT id FROM findings WHERE "updatedAt" < ${cutoff} LIMIT ${batchSize})`;
    total += deleted;
    if (deleted < batchSize) break;
  }
  await dropEmptyCounts(db);
  return total;
}
