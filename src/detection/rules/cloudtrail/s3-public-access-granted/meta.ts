import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

const MITRE = { tactic: "Exfiltration", technique: "T1537 Transfer Data to Cloud Account" };

export const BUCKET_ANONYMOUS_ACCESS_GRANTED: FindingTypeMeta = {
  type: "Policy:S3/BucketAnonymousAccessGranted",
  catalogueNote: "evaluates the policy or ACL granted by the call; GuardDuty also reasons over the bucket's whole configuration (Zelkova)",
  severity: SEVERITY.HIGH,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "S3Bucket",
  resourceRole: "TARGET",
  title: "S3 bucket {bucket} was made publicly accessible to anyone on the internet.",
  description:
    "{principal} called {api} on bucket {bucket}, granting access to everyone, without credentials: {grants}. " +
    "Anyone who finds the bucket can use it this way; remove the grant unless the bucket is meant to be public.",
  mitre: MITRE,
  aggregation: "account + bucket",
};

export const BUCKET_PUBLIC_ACCESS_GRANTED: FindingTypeMeta = {
  type: "Policy:S3/BucketPublicAccessGranted",
  catalogueNote: "evaluates the policy or ACL granted by the call; GuardDuty also reasons over the bucket's whole configuration (Zelkova)",
  severity: SEVERITY.HIGH,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "S3Bucket",
  resourceRole: "TARGET",
  title: "S3 bucket {bucket} was made accessible to every authenticated AWS user.",
  description:
    "{principal} called {api} on bucket {bucket}, granting access to any AWS account's users and roles: {grants}. " +
    "Remove the grant unless it is intended.",
  mitre: MITRE,
  aggregation: "account + bucket",
};
