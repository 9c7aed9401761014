import { criteriaFromEntries, type FindingCriteria } from "../../services/findings/criteria/criteria.js";
import type { StoredFinding } from "../../services/findings/stored-finding.js";
import type { FindingCriteriaInput } from "./criteria.types.js";
import type { FeedbackEnum, FindingType, SourceEventType } from "./finding.types.js";
import { number } from "./json-values.js";

/** GuardDuty's severity bands (reference §3). */
export function severityLabel(severity: number): string {
  if (severity >= 9) return "CRITICAL";
  if (severity >= 7) return "HIGH";
  if (severity >= 4) return "MEDIUM";
  return "LOW";
}

export function presentFinding(finding: StoredFinding): FindingType {
  const data = finding.data as Record<string, any>;
  return {
    id: finding.id,
    arn: data.arn,
    accountId: finding.accountId,
    detectorId: finding.detectorId,
    region: data.region,
    partition: data.partition,
    schemaVersion: data.schemaVersion,
    type: finding.type,
    title: data.title,
    description: data.description,
    severity: finding.severity,
    severityLabel: severityLabel(finding.severity),
    count: finding.count,
    archived: finding.archived,
    suppressed: finding.suppressed,
    sample: finding.sample,
    feedback: finding.feedback as FeedbackEnum | null,
    createdAt: finding.createdAt,
    updatedAt: finding.updatedAt,
    associatedAttackSequenceArn: data.associatedAttackSequenceArn ?? null,
    confidence: number(data.confidence),
    confidenceReason: finding.confidenceReason,
    resource: data.resource,
    service: data.service,
    sourceEvents: presentSourceEvents(finding.sourceEvents),
  };
}

function presentSourceEvents(refs: unknown): SourceEventType[] {
  if (!Array.isArray(refs)) return [];
  return refs.map((ref) => ({
    object: String(ref?.object ?? ""),
    line: typeof ref?.line === "number" ? ref.line : null,
    eventId: typeof ref?.eventId === "string" ? ref.eventId : null,
    key: typeof ref?.key === "string" ? ref.key : null,
  }));
}

export function criteriaOf(input: FindingCriteriaInput | null | undefined): FindingCriteria | null {
  return input ? criteriaFromEntries(input.criterion) : null;
}
