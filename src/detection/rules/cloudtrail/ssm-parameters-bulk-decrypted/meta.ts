import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const SSM_PARAMETERS_BULK_DECRYPTED: FindingTypeMeta = {
  type: "CredentialAccess:IAMUser/SSMParametersBulkDecrypted",
  severity: SEVERITY.MEDIUM,
  severityVaries: "High (8) from 30 distinct parameters, or when a whole hierarchy from the root path is decrypted",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} decrypted Systems Manager parameters in bulk ({parameters}).",
  description:
    "{principal} read {parameters} with decryption ({how}), e.g. {examples}. SecureString parameters hold passwords, keys " +
    "and tokens; a workload reads the few it is configured with, while an attacker with stolen credentials decrypts all " +
    "it can list. Check whether the caller needs these parameters and rotate them if not.",
  mitre: { tactic: "Credential Access", technique: "T1555.006 Credentials from Password Stores: Cloud Secrets Management Stores" },
  aggregation: "account + principal",
  vigilOnly: true,
};
