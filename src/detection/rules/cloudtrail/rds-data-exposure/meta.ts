import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const DATABASE_SNAPSHOT_EXPORTED: FindingTypeMeta = {
  type: "Exfiltration:IAMUser/DatabaseSnapshotExported",
  severity: 3,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "RDS snapshot {source} is being exported to S3 bucket {bucket}.",
  description:
    "{principal} called {api}, exporting {source} to s3://{bucket} as Parquet files. The export is a readable copy " +
    "of the database outside RDS, where anyone the bucket lets in can take it; check that the export and its bucket are intended.",
  mitre: { tactic: "Exfiltration", technique: "T1537 Transfer Data to Cloud Account" },
  aggregation: "account + exported snapshot or cluster",
  vigilOnly: true,
};

export const DATABASE_MADE_PUBLIC: FindingTypeMeta = {
  type: "Policy:IAMUser/DatabaseMadePubliclyAccessible",
  severity: SEVERITY.MEDIUM,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "RDS instance {instance} was made publicly accessible.",
  description:
    "{principal} called {api} on RDS instance {instance}, giving it an address reachable from the internet. " +
    "Attackers restore a snapshot to a public instance, or open an existing one, to read the data from outside; " +
    "check that the instance is meant to be public and its security groups limit who can connect.",
  mitre: { tactic: "Exfiltration", technique: "T1537 Transfer Data to Cloud Account" },
  aggregation: "account + DB instance",
  vigilOnly: true,
};
