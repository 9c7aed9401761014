import type { Request } from "./graphql-client";

export type Overview = {
  bySeverity: Array<{ severity: number; count: number }>;
  byType: Array<{ findingType: string; totalFindings: number }>;
  byResource: Array<{ resourceType: string; resourceId: string | null; accountId: string; totalFindings: number }>;
};

const CURRENT = { criterion: [{ attribute: "service.archived", equals: ["false"] }] };

/** Counts of the current (unarchived) findings: by severity, and the top types and resources. */
export async function loadOverview(request: Request, detectorId: string): Promise<Overview> {
  const data = await request<{
    severity: { countBySeverity: Overview["bySeverity"] };
    types: { groupedByFindingType: Overview["byType"] };
    resources: { groupedByResource: Overview["byResource"] };
  }>(
    `query($d: ID!, $c: FindingCriteriaInput) {
      severity: getFindingsStatistics(detectorId: $d, findingCriteria: $c, findingStatisticTypes: [COUNT_BY_SEVERITY]) { countBySeverity { severity count } }
      types: getFindingsStatistics(detectorId: $d, findingCriteria: $c, groupBy: FINDING_TYPE, maxResults: 10) { groupedByFindingType { findingType totalFindings } }
      resources: getFindingsStatistics(detectorId: $d, findingCriteria: $c, groupBy: RESOURCE, maxResults: 10) { groupedByResource { resourceType resourceId accountId totalFindings } }
    }`,
    { d: detectorId, c: CURRENT },
  );
  return { bySeverity: data.severity.countBySeverity, byType: data.types.groupedByFindingType, byResource: data.resources.groupedByResource };
}
