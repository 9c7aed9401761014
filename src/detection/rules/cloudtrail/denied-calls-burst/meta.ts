import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const DENIED_CALLS_BURST: FindingTypeMeta = {
  type: "Discovery:IAMUser/DeniedCallsBurst",
  severity: SEVERITY.MEDIUM,
  severityVaries: "Low (2) when the calls came through the AWS console, where a page for a service one may not use fails several calls.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} was refused {apis} distinct APIs within {window} minutes.",
  description:
    "AWS refused {apis} distinct APIs called by {principal} within {window} minutes ({apiList}). Someone holding a credential " +
    "they did not provision tries what it may do: a burst of refusals across APIs is how stolen keys are probed for their permissions.",
  mitre: { tactic: "Discovery", technique: "T1526 Cloud Service Discovery" },
  aggregation: "account + principal",
  vigilOnly: true,
};
