import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const GUARDDUTY_IMPAIRED: FindingTypeMeta = {
  type: "DefenseEvasion:IAMUser/GuardDutyImpaired",
  severity: SEVERITY.MEDIUM,
  severityVaries:
    "High when the detector is deleted or disabled; Low when only some protection features are turned off, or when an AWS service made the call for the account",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "GuardDuty was impaired by {principal}: {effect}.",
  description:
    "{principal} called {api} on GuardDuty detector {target}, which {effect}. Attackers blind threat detection before acting: " +
    "deleting or suspending the detector, cutting member accounts off the administrator, archiving findings automatically, " +
    "or listing their own addresses as trusted so that nothing they do from them raises a finding. Check whether the change " +
    "was planned and undo it if not.",
  mitre: { tactic: "Defense Evasion", technique: "T1562.001 Impair Defenses: Disable or Modify Tools" },
  aggregation: "account + region + detector (with the filter, list or members the call named)",
  vigilOnly: true,
};
