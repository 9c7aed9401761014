import { Prisma } from "../../generated/prisma/client.js";
import { actorStatisticsSql } from "./actor-statistics.js";

/** GuardDuty's GetFindingsStatistics dimensions, and Vigil's ACTOR (access keys, principals, remote addresses). */
export type GroupBy = "ACCOUNT" | "ACTOR" | "DATE" | "FINDING_TYPE" | "RESOURCE" | "SEVERITY";

/** Counts by severity when `groupBy` is null, else the largest groups along one dimension. */
export type StatisticsQuery = { groupBy: null } | { groupBy: GroupBy; descending: boolean; maxResults: number };

// What each grouping selects and groups on; every column comes from this table, never from input.
const GROUP_COLUMNS: Record<Exclude<GroupBy, "ACTOR">, string[]> = {
  ACCOUNT: [`f."accountId" AS "accountId"`],
  DATE: [`to_char(timezone('UTC', f."updatedAt"), 'YYYY-MM-DD') AS date`],
  FINDING_TYPE: [`f.type AS "findingType"`],
  RESOURCE: [`f."accountId" AS "accountId"`, `f."resourceType" AS "resourceType"`, `f."resourceKey" AS "resourceId"`],
  SEVERITY: [`f.severity AS severity`],
};

export function statisticsSql(query: StatisticsQuery, where: Prisma.Sql): Prisma.Sql {
  if (!query.groupBy) {
    return Prisma.sql`SELECT f.severity, count(*)::int AS count FROM findings f WHERE ${where} GROUP BY f.severity ORDER BY f.severity DESC`;
  }
  // A finding names several actors: they are unnested from its JSON, not read off one column.
  if (query.groupBy === "ACTOR") return actorStatisticsSql(where, query.descending, query.maxResults);
  const columns = GROUP_COLUMNS[query.groupBy];
  const groupKeys = columns.map((_, i) => String(i + 1)).join(", ");
  const direction = Prisma.raw(query.descending ? "DESC" : "ASC");
  const dateSeverity = query.groupBy === "DATE" ? Prisma.raw(`, max(f.severity) AS severity`) : Prisma.empty;
  return Prisma.sql`
      SELECT ${Prisma.raw(columns.join(", "))}${dateSeverity}, count(*)::int AS "totalFindings", max(f."updatedAt") AS "lastGeneratedAt"
      FROM findings f WHERE ${where}
      GROUP BY ${Prisma.raw(groupKeys)}
      ORDER BY "totalFindings" ${direction}, ${Prisma.raw(groupKeys)}
      LIMIT ${query.maxResults}`;
}
