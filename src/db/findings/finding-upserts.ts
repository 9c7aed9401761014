import { MAX_SOURCE_EVENTS, mergeFinding } from "../../detection/findings/merge-finding.js";
import { sequenceMemberLinks } from "../../detection/sequences/link-members.js";
import type { Finding } from "../../detection/findings/types.js";
import { queueDeliveriesOfNewFindings } from "../publishing/delivery-outbox.js";
import { recordFindingEvents } from "./finding-events.js";
import type { Transaction } from "../transaction.js";

/** What a write did to one finding, for the events published after the transaction commits. */
export type UpsertedFinding = {
  id: string;
  detectorId: string;
  accountId: string;
  type: string;
  severity: number;
  /** A new finding rather than another occurrence of a stored one. */
  created: boolean;
  /** Archived at creation by a suppression rule: never pushed to subscribers or destinations. */
  suppressed: boolean;
};

// One statement carries this many findings: large enough to keep round trips rare, small enough
// that a statement never holds thousands of row locks at once.
const ROWS_PER_STATEMENT = 500;

const COLUMNS = `id, "detectorId", "accountId", region, type, severity, title, "resourceType", "resourceKey", count,
  archived, suppressed, "eventFirstSeen", "eventLastSeen", "createdAt", "updatedAt", data, "sourceEvents", "confidenceReason", "sequenceDecision"`;

const PARAMETER_TYPES = [
  "varchar[]", "varchar[]", "varchar[]", "text[]", "text[]", "float8[]", "text[]", "text[]", "text[]", "int[]",
  "boolean[]", "boolean[]", "timestamptz[]", "timestamptz[]", "timestamptz[]", "timestamptz[]", "jsonb[]", "jsonb[]", "text[]", "text[]",
];

// A repeat of a stored finding aggregates as GuardDuty does (and as mergeFinding does in memory):
// counts add up, the seen-range widens, the details of the latest activity win, and what the
// analyst did to the finding (archive, feedback) and its creation time stay. An attack sequence's
// decision replaces the stored one whole when it is later, and a decision no later than the stored
// one (a slower worker's) is not written at all (the WHERE): the finding is the story as last decided.
const DECIDED = `EXCLUDED."sequenceDecision" IS NOT NULL`;
const LATEST = `(${DECIDED} OR EXCLUDED."eventLastSeen" >= findings."eventLastSeen")`;
const LATEST_DATA = `(CASE WHEN ${LATEST} THEN EXCLUDED.data ELSE findings.data END)`;
const COUNT = `CASE WHEN ${DECIDED} THEN EXCLUDED.count ELSE findings.count + EXCLUDED.count END`;
/** A seen-time column or JSON field: the decision's, else the wider of the two. */
const seen = (pick: "LEAST" | "GREATEST", stored: string, excluded: string) => `CASE WHEN ${DECIDED} THEN ${excluded} ELSE ${pick}(${stored}, ${excluded}) END`;
const UPSERT = `
INSERT INTO findings (${COLUMNS})
SELECT * FROM unnest(${PARAMETER_TYPES.map((type, i) => `$${i + 1}::${type}`).join(", ")})
ON CONFLICT (id) DO UPDATE SET
  count = ${COUNT},
  "eventFirstSeen" = ${seen("LEAST", `findings."eventFirstSeen"`, `EXCLUDED."eventFirstSeen"`)},
  "eventLastSeen" = ${seen("GREATEST", `findings."eventLastSeen"`, `EXCLUDED."eventLastSeen"`)},
  "sequenceDecision" = EXCLUDED."sequenceDecision",
  "updatedAt" = GREATEST(findings."updatedAt", EXCLUDED."updatedAt"),
  region = CASE WHEN ${LATEST} THEN EXCLUDED.region ELSE findings.region END,
  severity = CASE WHEN ${LATEST} THEN EXCLUDED.severity ELSE findings.severity END,
  title = CASE WHEN ${LATEST} THEN EXCLUDED.title ELSE findings.title END,
  "resourceType" = CASE WHEN ${LATEST} THEN EXCLUDED."resourceType" ELSE findings."resourceType" END,
  "resourceKey" = CASE WHEN ${LATEST} THEN EXCLUDED."resourceKey" ELSE findings."resourceKey" END,
  "confidenceReason" = CASE WHEN ${LATEST} THEN EXCLUDED."confidenceReason" ELSE findings."confidenceReason" END,
  data = ${LATEST_DATA} || jsonb_build_object(
    'createdAt', findings.data->'createdAt',
    'updatedAt', to_jsonb(GREATEST(findings.data->>'updatedAt', EXCLUDED.data->>'updatedAt')),
    'service', (${LATEST_DATA}->'service') || jsonb_build_object(
      'count', ${COUNT},
      'eventFirstSeen', to_jsonb(${seen("LEAST", `findings.data#>>'{service,eventFirstSeen}'`, `EXCLUDED.data#>>'{service,eventFirstSeen}'`)}),
      'eventLastSeen', to_jsonb(${seen("GREATEST", `findings.data#>>'{service,eventLastSeen}'`, `EXCLUDED.data#>>'{service,eventLastSeen}'`)}),
      'archived', to_jsonb(findings.archived)))
    -- A member of an attack sequence stays one when a later occurrence comes without the link.
    || jsonb_strip_nulls(jsonb_build_object('associatedAttackSequenceArn',
      COALESCE(EXCLUDED.data->'associatedAttackSequenceArn', findings.data->'associatedAttackSequenceArn'))),
  "sourceEvents" = (
    SELECT COALESCE(jsonb_agg(kept.ref ORDER BY kept.n), '[]'::jsonb) FROM (
      SELECT ref, n FROM jsonb_array_elements(CASE WHEN ${LATEST}
        THEN findings."sourceEvents" || EXCLUDED."sourceEvents"
        ELSE EXCLUDED."sourceEvents" || findings."sourceEvents" END) WITH ORDINALITY AS refs(ref, n)
      ORDER BY n DESC LIMIT ${MAX_SOURCE_EVENTS}) kept)
WHERE NOT ${DECIDED} OR EXCLUDED."sequenceDecision" > COALESCE(findings."sequenceDecision", '')
RETURNING id, "detectorId", "accountId", type, severity, suppressed, (xmax = 0) AS created`;

// Members of a sequence written earlier (found in earlier log objects) learn which sequence they belong to.
const LINK_MEMBERS = `
UPDATE findings SET data = findings.data || jsonb_build_object('associatedAttackSequenceArn', links.arn)
FROM unnest($1::varchar[], $2::text[]) AS links(id, arn)
WHERE findings.id = links.id AND findings."detectorId" = $3
  AND findings.data->>'associatedAttackSequenceArn' IS DISTINCT FROM links.arn`;

/** The resource a finding aggregates on, for grouping and filtering without reading the JSON. */
function resourceKeyOf(finding: Finding): string | null {
  const { resource } = finding;
  switch (resource.resourceType) {
    case "Instance":
      return resource.instanceDetails?.instanceId ?? null;
    case "AccessKey":
      return resource.accessKeyDetails?.accessKeyId ?? resource.accessKeyDetails?.userName ?? null;
    case "S3Bucket":
      return resource.s3BucketDetails?.[0]?.name ?? null;
  }
}

function columnsOf(rows: ReadonlyArray<{ finding: Finding; suppressed: boolean }>): unknown[][] {
  const columns: unknown[][] = PARAMETER_TYPES.map(() => []);
  for (const { finding, suppressed } of rows) {
    const { vigil, ...guardDuty } = finding;
    const data = { ...guardDuty, service: { ...guardDuty.service, archived: suppressed } };
    const values = [
      finding.id, finding.service.detectorId, finding.accountId, finding.region, finding.type, finding.severity, finding.title,
      finding.resource.resourceType, resourceKeyOf(finding), finding.service.count, suppressed, suppressed,
      finding.service.eventFirstSeen, finding.service.eventLastSeen, finding.createdAt, finding.updatedAt,
      JSON.stringify(data), JSON.stringify(vigil.sourceEvents.slice(-MAX_SOURCE_EVENTS)), vigil.confidenceReason, vigil.sequenceDecision ?? null,
    ];
    values.forEach((value, i) => columns[i].push(value));
  }
  return columns;
}

/** One row per id: a statement may not update the same row twice. */
function oneOccurrencePerId(findings: readonly Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const finding of findings) {
    const existing = byId.get(finding.id);
    byId.set(finding.id, existing ? mergeFinding(existing, finding) : finding);
  }
  // Rows locked in one global order: two transactions touching the same findings never deadlock.
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Writes findings in a few batched statements inside the caller's transaction, so they commit
 * together with whatever else the caller records (e.g. the log object they came from), with the
 * outbox rows of the destinations each new, unsuppressed finding goes to, and with the live
 * notification of each finding written.
 */
export async function upsertFindings(tx: Transaction, findings: readonly Finding[], suppressedIds: ReadonlySet<string> = new Set()): Promise<UpsertedFinding[]> {
  const rows = oneOccurrencePerId(findings).map((finding) => ({ finding, suppressed: suppressedIds.has(finding.id) }));
  const written: UpsertedFinding[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const returned = await tx.$queryRawUnsafe<UpsertedFinding[]>(UPSERT, ...columnsOf(rows.slice(start, start + ROWS_PER_STATEMENT)));
    written.push(...returned);
  }
  await linkStoredMembers(tx, rows.map((row) => row.finding));
  await queueDeliveriesOfNewFindings(tx, written.filter((f) => f.created && !f.suppressed).map((f) => f.id));
  await recordFindingEvents(tx, written.map((f) => ({ findingId: f.id, detectorId: f.detectorId, kind: f.created ? "CREATED" : "UPDATED" })));
  return written;
}

async function linkStoredMembers(tx: Transaction, findings: readonly Finding[]): Promise<void> {
  const byDetector = new Map<string, Finding[]>();
  for (const finding of findings) {
    const detector = byDetector.get(finding.service.detectorId);
    if (detector) detector.push(finding);
    else byDetector.set(finding.service.detectorId, [finding]);
  }
  for (const [detectorId, own] of byDetector) {
    const links = sequenceMemberLinks(own);
    if (links.size > 0) await tx.$executeRawUnsafe(LINK_MEMBERS, [...links.keys()], [...links.values()], detectorId);
  }
}
