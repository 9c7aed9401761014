import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const FLOW_LOGS_DELETED: FindingTypeMeta = {
  type: "DefenseEvasion:IAMUser/FlowLogsDeleted",
  severity: SEVERITY.MEDIUM,
  severityVaries: "Low when an AWS service (CloudFormation deleting a stack, a service-linked role) made the call for the account",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "VPC flow logs {target} were deleted by {principal}.",
  description:
    "{principal} called {api}, which {effect}. Without flow logs the network traffic of the VPC, subnet or interface is " +
    "no longer recorded, so connections to attacker infrastructure and data leaving the network go unseen. Check whether " +
    "the deletion was part of tearing the network down; restore the flow log if not.",
  mitre: { tactic: "Defense Evasion", technique: "T1562.008 Impair Defenses: Disable or Modify Cloud Logs" },
  aggregation: "account + region + the flow log ids deleted",
  vigilOnly: true,
};
