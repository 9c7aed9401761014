import { randomUUID } from "node:crypto";

/**
 * A finding as Amazon EventBridge delivers it (`detail-type: "GuardDuty Finding"`, `detail` = the
 * finding as GetFindings returns it), so receivers written for GuardDuty's events read Vigil's.
 */
export type FindingEvent = {
  version: "0";
  id: string;
  "detail-type": "GuardDuty Finding";
  source: "aws.guardduty";
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
};

export function findingEvent(finding: Record<string, unknown>, now = new Date()): FindingEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "GuardDuty Finding",
    source: "aws.guardduty",
    account: String(finding.accountId),
    time: now.toISOString(),
    region: String(finding.region),
    resources: [],
    detail: finding,
  };
}
