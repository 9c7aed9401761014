import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const CLOUDWATCH_MONITORING_IMPAIRED: FindingTypeMeta = {
  type: "DefenseEvasion:IAMUser/CloudWatchMonitoringImpaired",
  severity: SEVERITY.MEDIUM,
  severityVaries: "Low when alarms are deleted (IaC teardown does the same), or when an AWS service made the call for the account",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "CloudWatch monitoring was weakened by {principal}: {effect}.",
  description:
    "{principal} called {api} on {target}, which {effect}. CloudWatch alarms and the CloudTrail log group they watch are " +
    "how many accounts are told about root sign-ins, policy changes or a stopped trail; silencing an alarm, deleting it, " +
    "or deleting, shortening or unsubscribing the CloudTrail log group removes that warning before the attacker acts. " +
    "Check whether the change was planned and restore the monitoring if not.",
  mitre: { tactic: "Defense Evasion", technique: "T1562.008 Impair Defenses: Disable or Modify Cloud Logs" },
  aggregation: "account + region + the alarms or log group named",
  vigilOnly: true,
};
