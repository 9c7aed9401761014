import { randomUUID } from "node:crypto";
import type { Finding } from "../../../detection/findings/types.js";

/**
 * A finding as Amazon EventBridge delivers it (`detail-type: "GuardDuty Finding"`, `detail` = the
 * finding as GetFindings returns it), so EventBridge rules and Lambda code written for GuardDuty's
 * events (`detail.type`, `detail.severity`) read Vigil's unchanged. GuardDuty's own events leave
 * `resources` empty; `account` is the finding's account.
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
  detail: Finding;
};

export function eventBridgeEvent(finding: Finding, now = new Date()): FindingEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "GuardDuty Finding",
    source: "aws.guardduty",
    account: finding.accountId,
    time: now.toISOString(),
    region: finding.region,
    resources: [],
    detail: finding,
  };
}
