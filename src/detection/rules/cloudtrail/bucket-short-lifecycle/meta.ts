import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const BUCKET_SHORT_LIFECYCLE: FindingTypeMeta = {
  type: "DefenseEvasion:IAMUser/BucketShortLifecycle",
  severity: SEVERITY.MEDIUM,
  severityVaries:
    "Medium when the rule covers CloudTrail's key prefix (AWSLogs/) or the bucket's name says it holds logs or trails; Low for other buckets, and when an AWS service made the call for the account",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "S3 bucket {bucket} was set to delete {scope} within {days} by {principal}.",
  description:
    "{principal} called {api} on bucket {bucket} with lifecycle rule {ruleId}, which expires {scope} within {days}. Pointed " +
    "at the bucket a CloudTrail trail (or another log source) writes to, such a rule quietly destroys the logs a day after " +
    "they are written, while the trail itself keeps running and looks healthy. Check whether the bucket holds logs and " +
    "restore a retention that matches your policy.",
  mitre: { tactic: "Defense Evasion", technique: "T1562.008 Impair Defenses: Disable or Modify Cloud Logs" },
  aggregation: "account + bucket",
  vigilOnly: true,
};
