import type { GroupBy, StatisticsQuery } from "../../db/findings/finding-statistics.js";
import { InvalidInputError } from "../errors.js";

/** GuardDuty's GetFindingsStatistics: counts by severity, or findings grouped by one dimension. */
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
  /** An access key's and a principal's account; null for a remote address. */
  groupedByActor?: Array<Group & { actorType: "ACCESS_KEY" | "PRINCIPAL" | "IP_ADDRESS"; actorId: string; accountId: string | null }>;
  groupedByDate?: Array<Group & { date: string; severity: number }>;
  groupedByFindingType?: Array<Group & { findingType: string }>;
  groupedByResource?: Array<Group & { accountId: string; resourceType: string; resourceId: string | null }>;
  groupedBySeverity?: Array<Group & { severity: number }>;
};

const DEFAULT_MAX_RESULTS = 25;
export const MAX_RESULTS = 100;

const FIELD: Record<GroupBy, keyof FindingStatistics> = {
  ACCOUNT: "groupedByAccount",
  ACTOR: "groupedByActor",
  DATE: "groupedByDate",
  FINDING_TYPE: "groupedByFindingType",
  RESOURCE: "groupedByResource",
  SEVERITY: "groupedBySeverity",
};

/** The validated request, and the field of FindingStatistics its rows fill. */
export function statisticsQuery(request: StatisticsRequest): { field: keyof FindingStatistics; query: StatisticsQuery } {
  const types = request.findingStatisticTypes ?? [];
  if (types.length > 0 && request.groupBy) throw new InvalidInputError("Ask for findingStatisticTypes or groupBy, not both.");
  if (!request.groupBy) return { field: "countBySeverity", query: { groupBy: null } };
  const maxResults = request.maxResults ?? DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) throw new InvalidInputError(`maxResults must be between 1 and ${MAX_RESULTS}.`);
  return { field: FIELD[request.groupBy], query: { groupBy: request.groupBy, descending: request.orderBy !== "ASC", maxResults } };
}
