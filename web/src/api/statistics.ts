import type { Request } from "./graphql-client";

export type Overview = {
  bySeverity: Array<{ severity: number; count: number }>;
  byType: Array<{ findingType: string; totalFindings: number }>;
  byResource: Array<{ resourceType: string; resourceId: string | null; accountId: string; totalFindings: number }>;
  /** Access keys, principals and remote addresses; an address has no account. */
  byActor: Array<{ actorType: "ACCESS_KEY" | "PRINCIPAL" | "IP_ADDRESS"; actorId: string; accountId: string | null; totalFindings: number }>;
  /** Days with findings last updated on them, oldest first, the highest severity of each. */
  byDate: Array<{ date: string; totalFindings: number; severity: number }>;
};

/** Days the overview charts (the API groups at most 100). */
const CHARTED_DAYS = 30;

const CURRENT = { criterion: [{ attribute: "service.archived", equals: ["false"] }] };

/** Counts of the current (unarchived) findings, in one request: by severity, the top types, resources and actors, and per day of the last 30. */
export async function loadOverview(request: Request, detectorId: string, now: number): Promise<Overview> {
  const data = await request<{
    severity: { countBySeverity: Overview["bySeverity"] };
    types: { groupedByFindingType: Overview["byType"] };
    resources: { groupedByResource: Overview["byResource"] };
    actors: { groupedByActor: Overview["byActor"] };
    dates: { groupedByDate: Overview["byDate"] };
  }>(
    `query($d: ID!, $c: FindingCriteriaInput, $days: FindingCriteriaInput) {
      severity: getFindingsStatistics(detectorId: $d, findingCriteria: $c, findingStatisticTypes: [COUNT_BY_SEVERITY]) { countBySeverity { severity count } }
      types: getFindingsStatistics(detectorId: $d, findingCriteria: $c, groupBy: FINDING_TYPE, maxResults: 10) { groupedByFindingType { findingType totalFindings } }
      resources: getFindingsStatistics(detectorId: $d, findingCriteria: $c, groupBy: RESOURCE, maxResults: 10) { groupedByResource { resourceType resourceId accountId totalFindings } }
      actors: getFindingsStatistics(detectorId: $d, findingCriteria: $c, groupBy: ACTOR, maxResults: 10) { groupedByActor { actorType actorId accountId totalFindings } }
      dates: getFindingsStatistics(detectorId: $d, findingCriteria: $days, groupBy: DATE, maxResults: 100) { groupedByDate { date totalFindings severity } }
    }`,
    { d: detectorId, c: CURRENT, days: { criterion: [...CURRENT.criterion, { attribute: "updatedAt", greaterThanOrEqual: now - CHARTED_DAYS * 86_400_000 }] } },
  );
  // Groups come by count; the chart reads by date.
  const byDate = [...data.dates.groupedByDate].sort((a, b) => a.date.localeCompare(b.date));
  return { bySeverity: data.severity.countBySeverity, byType: data.types.groupedByFindingType, byResource: data.resources.groupedByResource, byActor: data.actors.groupedByActor, byDate };
}
