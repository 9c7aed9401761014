import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

const ROOT_MITRE = { tactic: "Privilege Escalation", technique: "T1078.004 Valid Accounts: Cloud Accounts" };

export const ROOT_CREDENTIAL_USAGE: FindingTypeMeta = {
  type: "Policy:IAMUser/RootCredentialUsage",
  severity: SEVERITY.LOW,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "The root credentials of account {account} were used.",
  description:
    "The root user of account {account} called {api} ({service}) from {caller}. AWS advises against using root " +
    "credentials for everyday work; make sure this was expected, and that the root user has MFA and no access keys.",
  mitre: ROOT_MITRE,
  aggregation: "account: one finding per account, updated by every root call",
};

export const SHORT_TERM_ROOT_CREDENTIAL_USAGE: FindingTypeMeta = {
  type: "Policy:IAMUser/ShortTermRootCredentialUsage",
  severity: SEVERITY.LOW,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "Short-term root credentials were used in account {account}.",
  description:
    "A privileged root session (sts:AssumeRoot, centralized root access) called {api} ({service}) in account {account} " +
    "from {caller}. Check that the organization's administrators started this session for a planned task.",
  mitre: ROOT_MITRE,
  aggregation: "account: one finding per account, updated by every call of a short-term root session",
};
