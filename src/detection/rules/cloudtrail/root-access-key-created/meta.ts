import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const ROOT_ACCESS_KEY_CREATED: FindingTypeMeta = {
  type: "Persistence:IAMUser/RootAccessKeyCreated",
  severity: SEVERITY.HIGH,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "An access key was created for the root user of account {account}.",
  description:
    "The root user created access key {accessKey} for itself from {caller}. Root keys have every permission, cannot be " +
    "limited by IAM policies and outlive any session: AWS advises against having them at all, and an attacker who got into " +
    "the root console creates one to keep access. Delete the key unless it was planned.",
  mitre: { tactic: "Persistence", technique: "T1098.001 Account Manipulation: Additional Cloud Credentials" },
  aggregation: "account",
  vigilOnly: true,
};
