/**
 * getFindingsStatistics from the finding counts the triggers keep (migration 20261207030000): a few
 * thousand cells instead of every finding. A request is answered here when its criteria name only
 * the cells' dimensions; `countsStatistics` returns undefined otherwise and the caller scans.
 *
 * - finding_counts_by_day (account, sample, archived, day of the last update, severity) answers counts
 *   by severity and grouping by severity, date or account, under criteria on service.archived,
 *   accountId, severity and ranges of updatedAt. A range that cuts a day counts that day from the
 *   findings themselves, so the answer stays exact to the millisecond.
 * - finding_counts_by_type (account, sample, archived, type) answers grouping by finding type, under
 *   criteria on service.archived, accountId and type.
 * - finding_counts_by_region (account, sample, archived, region, severity; migration 20261208030000)
 *   answers counts by severity under criteria on service.archived, accountId, severity and region.
 * - finding_counts_by_resource answers grouping by resource, largest first (resource-counts.ts).
 *
 * A group's lastGeneratedAt is its newest finding's updatedAt, read by an index probe per group (a
 * maximum cannot be kept exact when findings are deleted or archived).
 */
import { Prisma } from "../../generated/prisma/client.js";
import type { Database } from "../prisma.js";
import { cellsWhere, findingsWhere, type CountsFilter } from "./counts-filter.js";
import type { CompiledCriteria } from "./criteria-sql.js";
import type { StatisticsQuery } from "./finding-statistics.js";
import { coversResourceStatistics, foldResourceDeltas, resourceStatisticsSql } from "./resource-counts.js";

type Condition = CompiledCriteria[number];
type CountsTable = "finding_counts_by_day" | "finding_counts_by_type" | "finding_counts_by_region";

const DAY_MS = 86_400_000;
const TABLE_COLUMNS: Record<CountsTable, ReadonlySet<string>> = {
  finding_counts_by_day: new Set(["accountId", "archived", "severity"]),
  finding_counts_by_type: new Set(["accountId", "archived", "type"]),
  finding_counts_by_region: new Set(["accountId", "archived", "severity", "region"]),
};

/** [from, to) in epoch milliseconds; null ends are open. */
type Interval = { from: number | null; to: number | null };

const isUpdatedAtRange = (condition: Condition) =>
  condition.attribute.column === "updatedAt" && !condition.equals && !condition.notEquals && !condition.matches && !condition.notMatches;

/** The updatedAt ranges as one interval (timestamps are stored to the millisecond). */
function updatedAtInterval(conditions: readonly Condition[]): Interval {
  let from: number | null = null;
  let to: number | null = null;
  for (const { ranges } of conditions) {
    for (const { op, value } of ranges) {
      const ms = value as number;
      if (op === "gt" || op === "gte") from = Math.max(from ?? -Infinity, op === "gt" ? ms + 1 : ms);
      else to = Math.min(to ?? Infinity, op === "lte" ? ms + 1 : ms);
    }
  }
  return { from, to };
}

const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The whole days inside the interval, read from the counts, and the parts of days at its ends, read
 * from the findings. Null days: no whole day (the interval lies inside one or two days).
 */
function splitByDays(interval: Interval): { days: { from: string | null; to: string | null } | null; edges: Interval[] } {
  const first = interval.from === null ? null : Math.ceil(interval.from / DAY_MS) * DAY_MS;
  const end = interval.to === null ? null : Math.floor(interval.to / DAY_MS) * DAY_MS;
  if (first !== null && end !== null && first >= end) return { days: null, edges: [interval] };
  const edges: Interval[] = [];
  if (interval.from !== null && first !== null && interval.from < first) edges.push({ from: interval.from, to: first });
  if (interval.to !== null && end !== null && end < interval.to) edges.push({ from: end, to: interval.to });
  return { days: { from: first === null ? null : dayText(first), to: end === null ? null : dayText(end) }, edges };
}

function intervalSql(interval: Interval): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (interval.from !== null) parts.push(Prisma.sql`f."updatedAt" >= ${new Date(interval.from).toISOString()}::timestamptz`);
  if (interval.to !== null) parts.push(Prisma.sql`f."updatedAt" < ${new Date(interval.to).toISOString()}::timestamptz`);
  return parts.length === 0 ? Prisma.sql`TRUE` : Prisma.join(parts, " AND ");
}

function covers(table: CountsTable, criteria: CompiledCriteria): boolean {
  const covered = (condition: Condition) =>
    TABLE_COLUMNS[table].has(condition.attribute.column ?? "") || (table === "finding_counts_by_day" && isUpdatedAtRange(condition));
  return criteria.every(covered);
}

/**
 * The table whose dimensions cover the query and its criteria, if any (resources are counted apart,
 * in resource-counts.ts; actors are not counted: they scan). Counts by severity in a region come from
 * the counts by region, which keep no day (nor the groups' newest findings).
 */
function coveringTable(query: StatisticsQuery, criteria: CompiledCriteria): CountsTable | undefined {
  const table: CountsTable | undefined =
    query.groupBy === "FINDING_TYPE" ? "finding_counts_by_type" : query.groupBy === "RESOURCE" || query.groupBy === "ACTOR" ? undefined : "finding_counts_by_day";
  if (!table) return undefined;
  if (covers(table, criteria)) return table;
  return !query.groupBy && covers("finding_counts_by_region", criteria) ? "finding_counts_by_region" : undefined;
}

function byRegionSql(filter: CountsFilter): Prisma.Sql {
  return Prisma.sql`
    SELECT c.severity, sum(c.count)::int AS count FROM finding_counts_by_region c WHERE ${cellsWhere(filter, filter.criteria)}
    GROUP BY c.severity HAVING sum(c.count) > 0 ORDER BY c.severity DESC`;
}

/**
 * The non-empty (account, day, severity) cells under the filter: whole days from the counts, the
 * days a time range cuts from the findings.
 */
function dayCellsSql(filter: CountsFilter): Prisma.Sql {
  const timed = filter.criteria.filter(isUpdatedAtRange);
  const split = timed.length === 0 ? { days: { from: null, to: null }, edges: [] } : splitByDays(updatedAtInterval(timed));
  const parts: Prisma.Sql[] = [];
  if (split.days) {
    const { from, to } = split.days;
    const days = [from && Prisma.sql`c.day >= ${from}::date`, to && Prisma.sql`c.day < ${to}::date`].filter((part): part is Prisma.Sql => Boolean(part));
    parts.push(Prisma.sql`
      SELECT c."accountId", c.day, c.severity, c.count::bigint AS n FROM finding_counts_by_day c
      WHERE ${cellsWhere(filter, filter.criteria.filter((condition) => !isUpdatedAtRange(condition)))}${days.length > 0 ? Prisma.sql` AND ${Prisma.join(days, " AND ")}` : Prisma.empty}`);
  }
  for (const edge of split.edges) {
    parts.push(Prisma.sql`
      SELECT f."accountId", timezone('UTC', f."updatedAt")::date AS day, f.severity, count(*) AS n FROM findings f
      WHERE ${findingsWhere(filter)} AND ${intervalSql(edge)} GROUP BY 1, 2, 3`);
  }
  return Prisma.sql`
    SELECT "accountId", day, severity, sum(n)::int AS n FROM (${Prisma.join(parts, " UNION ALL ")}) parts
    GROUP BY 1, 2, 3 HAVING sum(n) > 0`;
}

/** The newest updatedAt among the findings of a group whose newest day is `g."lastDay"`. */
function newestOnLastDay(filter: CountsFilter, group: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT max(f."updatedAt") FROM findings f WHERE ${findingsWhere(filter)} AND ${group}
    AND f."updatedAt" >= timezone('UTC', g."lastDay"::timestamp) AND f."updatedAt" < timezone('UTC', (g."lastDay" + 1)::timestamp))`;
}

function byDaySql(filter: CountsFilter, query: StatisticsQuery): Prisma.Sql {
  const cells = dayCellsSql(filter);
  if (!query.groupBy) return Prisma.sql`WITH cells AS (${cells}) SELECT severity, sum(n)::int AS count FROM cells GROUP BY severity ORDER BY severity DESC`;
  const direction = Prisma.raw(query.descending ? "DESC" : "ASC");
  const [select, newest] = (() => {
    switch (query.groupBy) {
      case "ACCOUNT":
        return [Prisma.sql`"accountId"`, newestOnLastDay(filter, Prisma.sql`f."accountId" = g."accountId"`)];
      case "SEVERITY":
        return [Prisma.sql`severity`, newestOnLastDay(filter, Prisma.sql`f.severity = g.severity`)];
      default: // DATE: the last day is the day itself
        return [Prisma.sql`day, max(severity) AS severity`, newestOnLastDay(filter, Prisma.sql`TRUE`)];
    }
  })();
  const key = Prisma.raw(query.groupBy === "ACCOUNT" ? `"accountId"` : query.groupBy === "SEVERITY" ? "severity" : "day");
  const output = query.groupBy === "DATE" ? Prisma.sql`to_char(g.day, 'YYYY-MM-DD') AS date, g.severity` : Prisma.sql`g.${key}`;
  return Prisma.sql`
    WITH cells AS (${cells}),
    groups AS (
      SELECT ${select}, sum(n)::int AS "totalFindings", max(day) AS "lastDay" FROM cells
      GROUP BY ${key} ORDER BY "totalFindings" ${direction}, ${key} LIMIT ${query.maxResults})
    SELECT ${output}, g."totalFindings", ${newest} AS "lastGeneratedAt"
    FROM groups g ORDER BY g."totalFindings" ${direction}, g.${key}`;
}

function byTypeSql(filter: CountsFilter, query: StatisticsQuery & { groupBy: "FINDING_TYPE" }): Prisma.Sql {
  const direction = Prisma.raw(query.descending ? "DESC" : "ASC");
  return Prisma.sql`
    WITH groups AS (
      SELECT c.type, sum(c.count)::int AS "totalFindings" FROM finding_counts_by_type c WHERE ${cellsWhere(filter, filter.criteria)}
      GROUP BY c.type HAVING sum(c.count) > 0 ORDER BY "totalFindings" ${direction}, c.type LIMIT ${query.maxResults})
    SELECT g.type AS "findingType", g."totalFindings",
      (SELECT max(f."updatedAt") FROM findings f WHERE ${findingsWhere(filter)} AND f.type = g.type) AS "lastGeneratedAt"
    FROM groups g ORDER BY g."totalFindings" ${direction}, g.type`;
}

/**
 * Folds the delta rows of the detectors' cells (written by writers that found a cell's row locked)
 * into one compacted row per cell, so reads stay proportional to the number of cells. Rows another
 * transaction holds are left for the next fold; every row counts whichever way, so this never
 * changes an answer.
 */
export async function foldCountDeltas(db: Database, detectorIds: string[]): Promise<void> {
  const tables = [
    ["finding_counts_by_day", `"detectorId", "accountId", sample, archived, day, severity`],
    ["finding_counts_by_type", `"detectorId", "accountId", sample, archived, type`],
    ["finding_counts_by_region", `"detectorId", "accountId", sample, archived, region, severity`],
  ] as const;
  // One round trip asks all three tables; most reads find nothing to fold.
  const [pending] = await db.$queryRaw<Array<Record<string, boolean>>>(Prisma.sql`SELECT ${Prisma.join(
    tables.map(([table]) => Prisma.sql`EXISTS (SELECT 1 FROM ${Prisma.raw(table)} WHERE "detectorId" = ANY(${detectorIds}::varchar[]) AND NOT compacted) AS ${Prisma.raw(table)}`),
  )}`);
  for (const [table, cell] of tables) {
    if (!pending[table]) continue;
    const columns = Prisma.raw(cell);
    await db.$executeRaw(Prisma.sql`
      WITH deltas AS (
        DELETE FROM ${Prisma.raw(table)} WHERE id IN (
          SELECT id FROM ${Prisma.raw(table)} WHERE "detectorId" = ANY(${detectorIds}::varchar[]) AND NOT compacted FOR UPDATE SKIP LOCKED)
        RETURNING ${columns}, count
      ), compacted AS (
        DELETE FROM ${Prisma.raw(table)} WHERE id IN (
          SELECT c.id FROM ${Prisma.raw(table)} c JOIN (SELECT DISTINCT ${columns} FROM deltas) cells USING (${columns})
          WHERE c.compacted FOR UPDATE OF c SKIP LOCKED)
        RETURNING ${columns}, count
      )
      INSERT INTO ${Prisma.raw(table)} (${columns}, count, compacted)
      SELECT ${columns}, sum(count), true FROM (SELECT * FROM deltas UNION ALL SELECT * FROM compacted) folded
      GROUP BY ${columns} HAVING sum(count) <> 0`);
  }
}

/** Cells that count nothing any more (their findings were deleted or moved to other cells). */
export async function dropEmptyCounts(db: Database): Promise<void> {
  // Resource deltas are folded only by reads; the purge folds them too, so they never pile up unread.
  await foldResourceDeltas(db);
  await Promise.all([
    db.$executeRaw`DELETE FROM finding_counts_by_day WHERE compacted AND count = 0`,
    db.$executeRaw`DELETE FROM finding_counts_by_type WHERE compacted AND count = 0`,
    db.$executeRaw`DELETE FROM finding_counts_by_region WHERE compacted AND count = 0`,
    db.$executeRaw`DELETE FROM finding_counts_by_resource WHERE count = 0`,
  ]);
}

/** The statistics rows from the counts, or undefined when the counts do not cover the query's criteria. */
export async function countsStatistics(db: Database, filter: CountsFilter, query: StatisticsQuery): Promise<unknown[] | undefined> {
  if (query.groupBy && coversResourceStatistics(query, filter.criteria)) {
    // The resource query finds its partitions in the counts by type.
    await foldCountDeltas(db, filter.detectorIds);
    await foldResourceDeltas(db, filter.detectorIds);
    // The planner cannot tell how few cells the threshold leaves, and compiling the plan (JIT) took
    // longer than running it.
    const [, rows] = await db.$transaction([db.$executeRaw`SET LOCAL jit = off`, db.$queryRaw<unknown[]>(resourceStatisticsSql(filter, query.maxResults))]);
    return rows;
  }
  const table = coveringTable(query, filter.criteria);
  if (!table) return undefined;
  await foldCountDeltas(db, filter.detectorIds);
  const sql =
    table === "finding_counts_by_region"
      ? byRegionSql(filter)
      : query.groupBy === "FINDING_TYPE"
        ? byTypeSql(filter, query as StatisticsQuery & { groupBy: "FINDING_TYPE" })
        : byDaySql(filter, query);
  return db.$queryRaw<unknown[]>(sql);
}
