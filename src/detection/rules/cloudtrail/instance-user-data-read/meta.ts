import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const INSTANCE_USER_DATA_READ: FindingTypeMeta = {
  type: "Discovery:IAMUser/InstanceUserDataRead",
  severity: SEVERITY.MEDIUM,
  severityVaries: "Low (2) for the user data of a single instance; Medium from two instances in the window.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} downloaded the user data of {instances} EC2 instance(s).",
  description:
    "{principal} read the user data of {instances} instance(s) ({instanceList}) within {window} minutes, and no other attribute of them. " +
    "User data holds boot scripts that often carry passwords, tokens and keys; reading it across instances is how an attacker " +
    "harvests them, while tools that manage instances read every attribute of each.",
  mitre: { tactic: "Discovery", technique: "T1580 Cloud Infrastructure Discovery" },
  aggregation: "account + principal",
  vigilOnly: true,
};
