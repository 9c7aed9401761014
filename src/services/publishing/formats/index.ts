import type { Finding } from "../../../detection/findings/types.js";
import { asffFinding } from "./asff.js";
import { eventBridgeEvent } from "./eventbridge.js";
import { ocsfDetectionFinding } from "./ocsf.js";

/**
 * What a destination receives for one finding. GUARDDUTY: the finding as GetFindings returns it
 * (an S3 export's lines); EVENTBRIDGE: that finding in GuardDuty's EventBridge envelope (a webhook's
 * body); OCSF: a Detection Finding; ASFF: a Security Hub finding.
 */
export type FindingFormat = "GUARDDUTY" | "EVENTBRIDGE" | "OCSF" | "ASFF";

export const FINDING_FORMATS: readonly FindingFormat[] = ["GUARDDUTY", "EVENTBRIDGE", "OCSF", "ASFF"];

export function formatFinding(format: FindingFormat, finding: Finding): object {
  switch (format) {
    case "GUARDDUTY":
      return finding;
    case "EVENTBRIDGE":
      return eventBridgeEvent(finding);
    case "OCSF":
      return ocsfDetectionFinding(finding);
    case "ASFF":
      return asffFinding(finding);
  }
}
