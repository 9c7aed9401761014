import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const SSM_COMMAND_ON_MANY_INSTANCES: FindingTypeMeta = {
  type: "Execution:IAMUser/SSMCommandOnManyInstances",
  severity: SEVERITY.MEDIUM,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} ran SSM commands on {reach}.",
  description:
    "{principal} sent Systems Manager commands ({documents}) to {reach} within {window} minutes{targetList}. Run Command executes " +
    "as root/SYSTEM on every instance it reaches: sent across instances by a stolen credential, it is remote code execution at fleet scale.",
  mitre: { tactic: "Execution", technique: "T1651 Cloud Administration Command" },
  aggregation: "account + principal",
  vigilOnly: true,
};

export const SSM_SESSION_STARTED: FindingTypeMeta = {
  type: "Execution:IAMUser/SSMSessionStarted",
  severity: SEVERITY.LOW,
  severityVaries: "Medium (5) from sessions to three or more instances within the window.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} opened Session Manager sessions to {count} instance(s).",
  description:
    "{principal} started Systems Manager sessions to {count} instance(s) ({targetList}) within {window} minutes. A session is an " +
    "interactive shell on the instance without SSH keys or open ports; to several instances at once it is how a credential moves laterally.",
  mitre: { tactic: "Lateral Movement", technique: "T1021.007 Remote Services: Cloud Services" },
  aggregation: "account + principal",
  vigilOnly: true,
};
