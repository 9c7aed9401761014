import type { FindingTypeMeta } from "../../../engine/types.js";

const MITRE = { tactic: "Exfiltration", technique: "T1537 Transfer Data to Cloud Account" };

export const BUCKET_ACCESS_GRANTED_TO_OUTSIDE_ACCOUNT: FindingTypeMeta = {
  type: "Exfiltration:S3/BucketAccessGrantedToOutsideAccount",
  severity: 7,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "S3Bucket",
  resourceRole: "TARGET",
  title: "S3 bucket {bucket} was opened to outside account {accounts}.",
  description:
    "{principal} called {api} on bucket {bucket}, whose policy now lets account {accounts} in: {grants}. " +
    "That account is neither this one, nor of the organization Vigil knows, nor trusted by the operator; " +
    "an attacker grants their own account to copy the data out later. Remove the statement unless the sharing is intended.",
  mitre: MITRE,
  aggregation: "account + bucket",
  vigilOnly: true,
};

export const REPLICATION_TO_OUTSIDE_ACCOUNT: FindingTypeMeta = {
  type: "Exfiltration:S3/ReplicationToOutsideAccount",
  severity: 7,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "S3Bucket",
  resourceRole: "TARGET",
  title: "S3 bucket {bucket} now replicates to outside account {accounts}.",
  description:
    "{principal} called {api} on bucket {bucket}, replicating its objects to {destinations}. " +
    "The destination account is neither this one, nor of the organization Vigil knows, nor trusted by the operator: " +
    "every object written from now on is copied out of the account. Remove the rule unless the replication is intended.",
  mitre: MITRE,
  aggregation: "account + bucket",
  vigilOnly: true,
};
