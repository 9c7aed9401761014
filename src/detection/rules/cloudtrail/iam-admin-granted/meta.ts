import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const ADMINISTRATOR_ACCESS_GRANTED: FindingTypeMeta = {
  type: "PrivilegeEscalation:IAMUser/AdministratorAccessGranted",
  severity: SEVERITY.HIGH,
  severityVaries:
    "High for full administrator or IAM power; Medium for PowerUserAccess; Low for a user added to a group (the group's " +
    "policies are not in the event) and for grants a pipeline (CloudFormation, a web-identity CI session, an EC2 build agent) made.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} gave {target} administrator-level permissions.",
  description:
    "{principal} called {api} on {target}, which grants {grant}. With it, {target} can do anything in the account, including " +
    "creating further users, keys and roles to stay in. Confirm the grant was planned; otherwise remove it and review who used it.",
  mitre: { tactic: "Privilege Escalation", technique: "T1098.003 Account Manipulation: Additional Cloud Roles" },
  aggregation: "account + the user, role, group or managed policy that received the power",
  catalogueNote: "policy conditions are not weighed; a user added to a group is Low, the group's policies not being in the event",
  vigilOnly: true,
};
