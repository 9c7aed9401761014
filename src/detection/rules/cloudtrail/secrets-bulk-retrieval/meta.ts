import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const SECRETS_BULK_RETRIEVAL: FindingTypeMeta = {
  type: "CredentialAccess:IAMUser/SecretsBulkRetrieval",
  severity: SEVERITY.MEDIUM,
  severityVaries: "High (8) for a BatchGetSecretValue filter (every secret that matches) or 20+ distinct secrets",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} read secrets from Secrets Manager in bulk ({secrets}).",
  description:
    "{principal} retrieved the values of {secrets} ({how}), e.g. {examples}. Applications read the one or two secrets they " +
    "are configured with; reading many at once is how an attacker with stolen credentials dumps stored passwords, keys " +
    "and tokens. Check whether the caller needs these secrets and rotate them if not.",
  mitre: { tactic: "Credential Access", technique: "T1555.006 Credentials from Password Stores: Cloud Secrets Management Stores" },
  aggregation: "account + principal",
  vigilOnly: true,
};
