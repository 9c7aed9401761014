import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const CLOUDTRAIL_LOGGING_DISABLED: FindingTypeMeta = {
  type: "Stealth:IAMUser/CloudTrailLoggingDisabled",
  catalogueNote: "deleting the trail's S3 bucket is not covered: the logs do not say which bucket a trail writes to",
  severity: SEVERITY.LOW,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "CloudTrail logging was disabled by {principal}.",
  description:
    "{principal} called {api} on {trail}, which {effect}. Attackers turn off CloudTrail to hide what they do next; " +
    "check whether the change was planned and restore the trail if not.",
  mitre: { tactic: "Defense Evasion", technique: "T1562.008 Impair Defenses: Disable or Modify Cloud Logs" },
  aggregation: "account + trail (or CloudTrail Lake event data store): each silenced trail is its own finding",
};
