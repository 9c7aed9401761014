import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const SERVER_ACCESS_LOGGING_DISABLED: FindingTypeMeta = {
  type: "Stealth:S3/ServerAccessLoggingDisabled",
  severity: SEVERITY.LOW,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "S3Bucket",
  resourceRole: "TARGET",
  title: "Server access logging was disabled for S3 bucket {bucket}.",
  description:
    "{principal} called {api} and turned off server access logging for bucket {bucket}. Requests to the bucket are no " +
    "longer recorded, which attackers do before reading or deleting data.",
  mitre: { tactic: "Defense Evasion", technique: "T1562.008 Impair Defenses: Disable or Modify Cloud Logs" },
  aggregation: "account + bucket",
};
