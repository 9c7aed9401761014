import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const MASS_RESOURCE_DELETION: FindingTypeMeta = {
  type: "Impact:IAMUser/MassResourceDeletion",
  severity: SEVERITY.MEDIUM,
  severityVaries: "High (8) when backups (recovery points, backup vaults, databases deleted with their automated backups and no final snapshot) are among the deleted resources.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} destroyed {summary} within {window} minutes.",
  description:
    "{principal} destroyed {summary} within {window} minutes ({sampleList}). Deleting compute, storage and especially the backups " +
    "that would restore them, in bulk, is how an intruder causes damage or clears the way for ransom; check whether a planned " +
    "teardown explains it.",
  mitre: { tactic: "Impact", technique: "T1485 Data Destruction" },
  aggregation: "account + principal",
  vigilOnly: true,
};
