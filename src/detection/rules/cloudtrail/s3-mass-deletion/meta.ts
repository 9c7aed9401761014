import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const S3_MASS_DELETION: FindingTypeMeta = {
  type: "Impact:S3/MassDeletion",
  severity: SEVERITY.HIGH,
  dataSource: "S3_DATA_EVENTS",
  method: "RULE",
  resourceType: "S3Bucket",
  resourceRole: "TARGET",
  title: "{principal} deleted {objects} objects from {bucket} within {window} minutes.",
  description:
    "{principal} deleted {deleted} in bucket {bucket} within {window} minutes. Emptying a bucket that is not being torn down is how " +
    "ransomware and saboteurs destroy data (often after copying it out); check that the deletion was planned and recover versions " +
    "or backups if not.",
  mitre: { tactic: "Impact", technique: "T1485 Data Destruction" },
  aggregation: "account + principal + bucket",
  vigilOnly: true,
};

export const S3_OBJECTS_ENCRYPTED_WITH_CUSTOMER_KEY: FindingTypeMeta = {
  type: "Impact:S3/ObjectsEncryptedWithCustomerKey",
  severity: SEVERITY.HIGH,
  severityVaries: "Low (2) below five objects in the window.",
  dataSource: "S3_DATA_EVENTS",
  method: "RULE",
  resourceType: "S3Bucket",
  resourceRole: "TARGET",
  title: "{principal} wrote {objects} object(s) to {bucket} encrypted with a key only they hold.",
  description:
    "{principal} wrote {objects} object(s) in bucket {bucket} within {window} minutes with server-side encryption under a " +
    "customer-provided key (SSE-C: {calls}). AWS keeps no copy of such a key: objects rewritten this way are readable only by " +
    "whoever holds it, which is how S3 ransomware holds data hostage.",
  mitre: { tactic: "Impact", technique: "T1486 Data Encrypted for Impact" },
  aggregation: "account + principal + bucket",
  vigilOnly: true,
};
