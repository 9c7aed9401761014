import { Prisma } from "../../generated/prisma/client.js";
import { InvalidInputError } from "../errors.js";

/** GuardDuty's GetFindingsStatistics: counts by severity, or findings grouped by one dimension. */
export type GroupBy = "ACCOUNT" | "DATE" | "FINDING_TYPE" | "RESOURCE" | "SEVERITY";

export type StatisticsRequest = {
  findingStatisticTypes?: Array<"COUNT_BY_SEVERITY"> | null;
  groupBy?: GroupBy | null;
  orderBy?: "ASC" | "DESC" | null;
  maxResults?: number | null;
};

type Group = { lastGeneratedAt: Date; totalFindings: number };

export type FindingStatistics = {
  countBySeverity?: Array<{ severity: number; count: number }>;
  groupedByAccount?: Array<Group & { accountId: string }>;
  groupedByDate?: Array<Group & { date: string; severity: number }>;
  groupedByFindingType?: Array<Group & { findingType: string }>;
  groupedByResource?: Array<Group & { accountId: string; resourceType: string; resourceId: string | null }>;
  groupedBySeverity?: Array<Group & { severity: number }>;
};

const DEFAULT_MAX_RESULTS = 25;
const MAX_RESULTS = 100;

// What each grouping selects and groups on; every column comes from this table, never from input.
const GROUPINGS: Record<GroupBy, { field: keyof FindingStatistics; columns: string[] }> = {
  ACCOUNT: { field: "groupedByAccount", columns: [`f."accountId" AS "accountId"`] },
  DATE: { field: "groupedByDate", columns: [`to_char(timezone('UTC', f."updatedAt"), 'YYYY-MM-DD') AS date`] },
  FINDING_TYPE: { field: "groupedByFindingType", columns: [`f.type AS "findingType"`] },
  RESOURCE: { field: "groupedByResource", columns: [`f."accountId" AS "accountId"`, `f."resourceType" AS "resourceType"`, `f."resourceKey" AS "resourceId"`] },
  SEVERITY: { field: "groupedBySeverity", columns: [`f.severity AS severity`] },
};

export type StatisticsQuery = { field: keyof FindingStatistics; sql: (where: Prisma.Sql) => Prisma.Sql };

export function statisticsQuery(request: StatisticsRequest): StatisticsQuery {
  const types = request.findingStatisticTypes ?? [];
  if (types.length > 0 && request.groupBy) throw new InvalidInputError("Ask for findingStatisticTypes or groupBy, not both.");
  if (!request.groupBy) {
    return {
      field: "countBySeverity",
      sql: (where) => Prisma.sql`SELECT f.severity, count(*)::int AS count FROM findings f WHERE ${where} GROUP BY f.severity ORDER BY f.severity DESC`,
    };
  }
  const maxResults = request.maxResults ?? DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) throw new InvalidInputError(`maxResults must be between 1 and ${MAX_RESULTS}.`);
  const grouping = GROUPINGS[request.groupBy];
  const groupKeys = grouping.columns.map((_, i) => String(i + 1)).join(", ");
  const direction = Prisma.raw(request.orderBy === "ASC" ? "ASC" : "DESC");
  const dateSeverity = request.groupBy === "DATE" ? Prisma.raw(`, max(f.severity) AS severity`) : Prisma.empty;
  return {
    field: grouping.field,
    sql: (where) => Prisma.sql`
      SELECT ${Prisma.raw(grouping.columns.join(", "))}${dateSeverity}, count(*)::int AS "totalFindings", max(f."updatedAt") AS "lastGeneratedAt"
      FROM findings f WHERE ${where}
      GROUP BY ${Prisma.raw(groupKeys)}
      ORDER BY "totalFindings" ${direction}, ${Prisma.raw(groupKeys)}
      LIMIT ${maxResults}`,
  };
}
