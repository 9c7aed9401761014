import type { Request } from "./graphql-client";

export type Feedback = "USEFUL" | "NOT_USEFUL";

export type SourceEvent = { object: string; line: number | null; eventId: string | null };

export type Finding = {
  id: string;
  accountId: string;
  /** The finding's own detector (a member's, for its administrator). */
  detectorId: string;
  type: string;
  title: string;
  description: string;
  severity: number;
  severityLabel: string;
  count: number;
  archived: boolean;
  feedback: Feedback | null;
  region: string;
  partition: string;
  arn: string;
  schemaVersion: string;
  createdAt: string;
  updatedAt: string;
  resource: Record<string, unknown>;
  service: Record<string, unknown>;
  sourceEvents: SourceEvent[];
};

export type Criterion = {
  attribute: string;
  equals?: string[];
  matches?: string[];
  greaterThanOrEqual?: number;
  lessThan?: number;
};
export type FindingCriteria = { criterion: Criterion[] };
export type SortCriteria = { attributeName: string; orderBy: "ASC" | "DESC" };
export type FindingPage = { findings: Finding[]; nextCursor: string | null };
export type FindingEvent = { change: "CREATED" | "UPDATED"; finding: Finding };

const FINDING_FIELDS = "id accountId detectorId type title description severity severityLabel count archived feedback region partition arn schemaVersion createdAt updatedAt resource service sourceEvents { object line eventId }";

export const FINDINGS_SUBSCRIPTION = `subscription($d: ID!, $c: FindingCriteriaInput) {
  findings(detectorId: $d, findingCriteria: $c) { change finding { ${FINDING_FIELDS} } } }`;

export async function listFindings(
  request: Request,
  detectorId: string,
  criteria: FindingCriteria,
  sort: SortCriteria,
  after: string | null,
  pageSize: number,
): Promise<FindingPage> {
  const data = await request<{ listFindings: FindingPage }>(
    `query($d: ID!, $c: FindingCriteriaInput, $s: SortCriteriaInput, $after: String, $first: Int) {
      listFindings(detectorId: $d, findingCriteria: $c, sortCriteria: $s, after: $after, first: $first) { findings { ${FINDING_FIELDS} } nextCursor } }`,
    { d: detectorId, c: criteria, s: sort, after, first: pageSize },
  );
  return data.listFindings;
}

/** One finding by id, or null when the caller cannot see it (or it is gone). */
export async function getFinding(request: Request, detectorId: string, findingId: string): Promise<Finding | null> {
  const data = await request<{ getFindings: Finding[] }>(`query($d: ID!, $ids: [String!]!) { getFindings(detectorId: $d, findingIds: $ids) { ${FINDING_FIELDS} } }`, {
    d: detectorId,
    ids: [findingId],
  });
  return data.getFindings[0] ?? null;
}

/** The API archives up to this many findings a call. */
const ARCHIVE_BATCH = 50;

export async function setArchived(request: Request, detectorId: string, findingIds: string[], archived: boolean): Promise<void> {
  const operation = archived ? "archiveFindings" : "unarchiveFindings";
  for (let start = 0; start < findingIds.length; start += ARCHIVE_BATCH) {
    const ids = findingIds.slice(start, start + ARCHIVE_BATCH);
    await request(`mutation($d: ID!, $ids: [String!]!) { ${operation}(detectorId: $d, findingIds: $ids) }`, { d: detectorId, ids });
  }
}

export async function giveFeedback(request: Request, detectorId: string, findingId: string, feedback: Feedback): Promise<void> {
  await request(`mutation($d: ID!, $ids: [String!]!, $f: Feedback!) { updateFindingsFeedback(detectorId: $d, findingIds: $ids, feedback: $f) }`, {
    d: detectorId,
    ids: [findingId],
    f: feedback,
  });
}

/** A suppression rule: new findings matching the criteria are archived as they are written. */
export async function createSuppressionRule(request: Request, detectorId: string, name: string, criteria: FindingCriteria): Promise<void> {
  await request(`mutation($d: ID!, $n: String!, $c: FindingCriteriaInput!) { createFilter(detectorId: $d, name: $n, findingCriteria: $c, action: ARCHIVE) { name } }`, {
    d: detectorId,
    n: name,
    c: criteria,
  });
}
