import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const CONFIG_RECORDING_DISABLED: FindingTypeMeta = {
  type: "DefenseEvasion:IAMUser/ConfigRecordingDisabled",
  severity: SEVERITY.MEDIUM,
  severityVaries: "Low when an AWS service (CloudFormation deleting a stack) made the call for the account",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "AWS Config recording was turned off in {region} by {principal}.",
  description:
    "{principal} called {api} on {target}, which {effect}. AWS Config keeps the history of every resource's configuration " +
    "and evaluates the account's compliance rules; with recording off, changes an attacker makes (opened security groups, " +
    "new users, public buckets) leave no configuration record and trip no rule. Restore recording if this was not planned.",
  mitre: { tactic: "Defense Evasion", technique: "T1562.008 Impair Defenses: Disable or Modify Cloud Logs" },
  aggregation: "account + region + recorder or delivery channel name",
  vigilOnly: true,
};
