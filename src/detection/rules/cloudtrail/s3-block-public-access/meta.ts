import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

const MITRE = { tactic: "Defense Evasion", technique: "T1562.007 Impair Defenses: Disable or Modify Cloud Firewall" };

export const ACCOUNT_BLOCK_PUBLIC_ACCESS_DISABLED: FindingTypeMeta = {
  type: "Policy:S3/AccountBlockPublicAccessDisabled",
  severity: SEVERITY.LOW,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "S3 Block Public Access was disabled for account {account}.",
  description:
    "{principal} called {api}, which turns off account-level S3 Block Public Access ({settings}). Buckets of the account " +
    "can now be made public by their own policies and ACLs.",
  mitre: MITRE,
  aggregation: "account",
};

export const BUCKET_BLOCK_PUBLIC_ACCESS_DISABLED: FindingTypeMeta = {
  type: "Policy:S3/BucketBlockPublicAccessDisabled",
  severity: SEVERITY.LOW,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "S3Bucket",
  resourceRole: "TARGET",
  title: "S3 Block Public Access was disabled for bucket {bucket}.",
  description:
    "{principal} called {api} on bucket {bucket}, which turns off its S3 Block Public Access ({settings}). The bucket can " +
    "now be made public by its policy or ACLs.",
  mitre: MITRE,
  aggregation: "account + bucket",
};
