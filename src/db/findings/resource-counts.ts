/**
 * getFindingsStatistics grouped by resource, largest groups first, from finding_counts_by_resource
 * (migration 20261208030000): the top groups are found through the index on each partition's counts
 * instead of grouping every finding. A partition is a (detector, account, sample, archived) the
 * filter reaches; a group (account, resource type, resource key) has at most one cell per partition
 * (a unique index), plus deltas not yet folded (finding_resource_count_deltas).
 *
 * The answer is exact in two steps of one statement:
 * 1. The k largest cells of each partition, and every group with deltas, are candidates; their
 *    exact totals give t, the k-th largest (1 when there are fewer than k).
 * 2. Every group with a total of at least t has, in one of the `shared` partitions of its account, a
 *    cell of at least t / shared, or deltas; those groups are the candidates now, and the
 *    k largest exact totals among them are the answer. Ties are ordered as the scan orders them.
 *    An account counted in one partition needs only that partition's first k + d such cells in the
 *    answer's order (d: the groups with deltas): each cell there is its group's exact total unless
 *    the group has deltas, so at least k groups without deltas rank above any cell after those. With
 *    thousands of groups tied at t, this is what keeps the candidates few.
 */
import { Prisma } from "../../generated/prisma/client.js";
import type { Database } from "../prisma.js";
import { cellsWhere, findingsWhere, type CountsFilter } from "./counts-filter.js";
import { criteriaToSql, type CompiledCriteria } from "./criteria-sql.js";
import type { StatisticsQuery } from "./finding-statistics.js";

const CELL_COLUMNS = new Set(["accountId", "archived", "resourceType"]);
const GROUP = `"accountId", "resourceType", "resourceKey", keyed`;
const CELL = `"detectorId", "accountId", sample, archived, "resourceType", "resourceKey", keyed`;

/** Grouping by resource, largest first, under criteria on the cells' columns only. */
export function coversResourceStatistics(query: StatisticsQuery, criteria: CompiledCriteria): boolean {
  return query.groupBy === "RESOURCE" && query.descending && criteria.every((condition) => CELL_COLUMNS.has(condition.attribute.column ?? ""));
}

const samePartition = Prisma.sql`c."detectorId" = p."detectorId" AND c."accountId" = p."accountId" AND c.sample = p.sample AND c.archived = p.archived`;
const sameGroup = Prisma.raw(`c."accountId" = g."accountId" AND c."resourceType" = g."resourceType" AND c."resourceKey" = g."resourceKey" AND c.keyed = g.keyed`);

/**
 * The exact totals of the groups of `rows` (cells: group, count, shared) and of every group with
 * deltas. A cell of an account with one partition is its group's only cell; other groups add their
 * cells up, one unique-index probe per partition of their account.
 */
function totalsSql(rows: string): Prisma.Sql {
  return Prisma.sql`
    SELECT g."accountId", g."resourceType", g."resourceKey", g.keyed,
      (CASE WHEN g.known IS NOT NULL THEN g.known ELSE COALESCE((SELECT sum(t.count) FROM parts p CROSS JOIN LATERAL (
          SELECT c.count FROM finding_counts_by_resource c WHERE ${samePartition} AND ${sameGroup}) t WHERE p."accountId" = g."accountId"), 0) END
       + COALESCE(d.count, 0))::int AS total
    FROM (
      SELECT ${Prisma.raw(GROUP)}, max(CASE WHEN shared = 1 THEN count END) AS known
      FROM (SELECT ${Prisma.raw(GROUP)}, count, shared FROM ${Prisma.raw(rows)} UNION ALL SELECT ${Prisma.raw(GROUP)}, NULL, NULL FROM deltas) r
      GROUP BY 1, 2, 3, 4
    ) g LEFT JOIN deltas d USING (${Prisma.raw(GROUP)})`;
}

/** A group's newest finding, through the index on (resourceKey, updatedAt). */
function newestSql(filter: CountsFilter): Prisma.Sql {
  // Newest first with LIMIT 1, not max(): the scan stops at the group's first finding the filter
  // keeps instead of reading every finding with that key (a bucket name recurs across accounts).
  const newest = (key: Prisma.Sql) =>
    Prisma.sql`(SELECT f."updatedAt" FROM findings f WHERE ${key} AND f."accountId" = g."accountId" AND f."resourceType" = g."resourceType" AND ${findingsWhere(filter)}
      ORDER BY f."updatedAt" DESC LIMIT 1)`;
  return Prisma.sql`CASE WHEN g.keyed THEN ${newest(Prisma.sql`f."resourceKey" = g."resourceKey"`)} ELSE ${newest(Prisma.sql`f."resourceKey" IS NULL`)} END`;
}

export function resourceStatisticsSql(filter: CountsFilter, maxResults: number): Prisma.Sql {
  const partitionCriteria = filter.criteria.filter((condition) => condition.attribute.column !== "resourceType");
  const typeCriteria = filter.criteria.filter((condition) => condition.attribute.column === "resourceType");
  // Each partition's cells, largest first and ties in the answer's order, through the index on the counts.
  const cellsOfPartitions = (from: Prisma.Sql, bound: Prisma.Sql, limit: Prisma.Sql) => Prisma.sql`
    SELECT t.*, p.shared FROM ${from} CROSS JOIN LATERAL (
      SELECT c."accountId", c."resourceType", c."resourceKey", c.keyed, c.count FROM finding_counts_by_resource c
      WHERE ${samePartition} AND ${criteriaToSql(typeCriteria, "c")} AND ${bound}
      ORDER BY c.count DESC, c."resourceType", c.keyed DESC, c."resourceKey" LIMIT ${limit}) t`;
  return Prisma.sql`
    WITH parts AS MATERIALIZED (
      -- The partitions holding findings, from the (small) counts by type.
      SELECT c."detectorId", c."accountId", c.sample, c.archived, count(*) OVER (PARTITION BY c."accountId") AS shared
      FROM finding_counts_by_type c WHERE ${cellsWhere(filter, partitionCriteria)}
      GROUP BY 1, 2, 3, 4 HAVING sum(c.count) > 0
    ), deltas AS MATERIALIZED (
      SELECT ${Prisma.raw(GROUP)}, sum(count) AS count FROM finding_resource_count_deltas c WHERE ${cellsWhere(filter, filter.criteria)} GROUP BY 1, 2, 3, 4
    ), first_cells AS MATERIALIZED (
      ${cellsOfPartitions(Prisma.sql`parts p`, Prisma.sql`TRUE`, Prisma.sql`${maxResults}`)}
    ), threshold AS MATERIALIZED (
      -- Materialized: as a subquery, the planner charged it to every partition's index scan.
      SELECT COALESCE((SELECT total FROM (${totalsSql("first_cells")}) totals WHERE total > 0
        ORDER BY total DESC OFFSET ${maxResults - 1} LIMIT 1), 1) AS t
    ), candidate_cells AS MATERIALIZED (
      ${cellsOfPartitions(
        Prisma.sql`parts p CROSS JOIN threshold`,
        Prisma.sql`c.count >= ceil(threshold.t::numeric / p.shared)::int`,
        Prisma.sql`CASE WHEN p.shared = 1 THEN ${maxResults} + (SELECT count(*) FROM deltas) END`,
      )}
    ), top AS (
      SELECT * FROM (${totalsSql("candidate_cells")}) totals WHERE total > 0
      ORDER BY total DESC, "accountId", "resourceType", CASE WHEN keyed THEN "resourceKey" END LIMIT ${maxResults}
    )
    SELECT g."accountId", g."resourceType", CASE WHEN g.keyed THEN g."resourceKey" END AS "resourceId", g.total AS "totalFindings",
      ${newestSql(filter)} AS "lastGeneratedAt"
    FROM top g ORDER BY g.total DESC, 1, 2, 3`;
}

// A fold moves at most this many deltas per transaction, so a backlog (a bulk load, a long time
// without reads) folds in steps instead of one transaction that outlasts its timeout.
const FOLD_ROWS = 50_000;

/**
 * Moves the committed deltas of the detectors (all detectors when none are named) into their cells.
 * Folds run one at a time (a transaction-scoped advisory lock), so two never wait on each other's
 * rows; writers only append deltas, so they never wait for a fold. Each step moves rows atomically,
 * so a read between steps still counts every finding once.
 */
export async function foldResourceDeltas(db: Database, detectorIds?: string[]): Promise<void> {
  const detectors = detectorIds ? Prisma.sql`"detectorId" = ANY(${detectorIds}::varchar[])` : Prisma.sql`TRUE`;
  const cell = Prisma.raw(CELL);
  for (let steps = 0; ; steps++) {
    const [{ pending }] = await db.$queryRaw<Array<{ pending: boolean }>>(
      Prisma.sql`SELECT EXISTS (SELECT 1 FROM finding_resource_count_deltas WHERE ${detectors}) AS pending`,
    );
    if (!pending) return;
    const [, moved] = await db.$transaction(
      [
        db.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('finding_counts_by_resource fold'))::text`,
        db.$queryRaw<Array<{ moved: number }>>(Prisma.sql`
          WITH folded AS (
            DELETE FROM finding_resource_count_deltas WHERE id IN (
              SELECT id FROM finding_resource_count_deltas WHERE ${detectors} ORDER BY id LIMIT ${FOLD_ROWS})
            RETURNING ${cell}, count
          ), cells AS (
            INSERT INTO finding_counts_by_resource (${cell}, count)
            SELECT ${cell}, sum(count) FROM folded GROUP BY ${cell} ORDER BY ${cell}
            ON CONFLICT (${cell}) DO UPDATE SET count = finding_counts_by_resource.count + EXCLUDED.count
          )
          SELECT count(*)::int AS moved FROM folded`),
      ],
      { timeout: 60_000 },
    );
    if (moved[0].moved < FOLD_ROWS) {
      if (steps > 0) await vacuumDeltas(db);
      return;
    }
  }
}

/**
 * Every read scans the deltas table whole, dead rows included, until it is vacuumed: after a bulk
 * load's million deltas were folded, that was 110 MB read by each statistics request (~40 ms twice)
 * until autovacuum came round. So a fold that moved a backlog (more than one step) vacuums the table
 * at once, which also gives its emptied pages back. SKIP_LOCKED: a vacuum already under way does it.
 */
async function vacuumDeltas(db: Database): Promise<void> {
  await db.$executeRawUnsafe("VACUUM (SKIP_LOCKED) finding_resource_count_deltas");
}
