import { SEVERITY, type FindingTypeMeta } from "../../engine/types.js";
import type { ApiFamily } from "./api-family.js";

const FAMILY_TEXT: Record<ApiFamily, { severity: number; purpose: string; mitre: { tactic: string; technique: string } }> = {
  CredentialAccess: { severity: SEVERITY.MEDIUM, purpose: "read secrets or credentials", mitre: { tactic: "Credential Access", technique: "T1555 Credentials from Password Stores" } },
  DefenseEvasion: { severity: SEVERITY.MEDIUM, purpose: "turn off or weaken logging and monitoring", mitre: { tactic: "Defense Evasion", technique: "T1562.008 Impair Defenses: Disable Cloud Logs" } },
  Discovery: { severity: SEVERITY.LOW, purpose: "enumerate resources and permissions", mitre: { tactic: "Discovery", technique: "T1580 Cloud Infrastructure Discovery" } },
  Exfiltration: { severity: SEVERITY.HIGH, purpose: "copy or share data out of the account", mitre: { tactic: "Exfiltration", technique: "T1537 Transfer Data to Cloud Account" } },
  Impact: { severity: SEVERITY.HIGH, purpose: "change or destroy resources", mitre: { tactic: "Impact", technique: "T1485 Data Destruction" } },
  InitialAccess: { severity: SEVERITY.MEDIUM, purpose: "obtain sessions or tokens", mitre: { tactic: "Initial Access", technique: "T1078.004 Valid Accounts: Cloud Accounts" } },
  Persistence: { severity: SEVERITY.MEDIUM, purpose: "create credentials or access that outlive the session", mitre: { tactic: "Persistence", technique: "T1098 Account Manipulation" } },
  PrivilegeEscalation: { severity: SEVERITY.MEDIUM, purpose: "grant itself more permissions", mitre: { tactic: "Privilege Escalation", technique: "T1098.003 Account Manipulation: Additional Cloud Roles" } },
};

const AGGREGATION = "account + identity (IAM user, role, or root)";

function familyMeta(family: ApiFamily): FindingTypeMeta {
  const text = FAMILY_TEXT[family];
  return {
    type: `${family}:IAMUser/AnomalousBehavior`,
    severity: text.severity,
    dataSource: "CLOUD_TRAIL",
    method: "ML",
    resourceType: "AccessKey",
    resourceRole: "TARGET",
    title: `An API commonly used to ${text.purpose} was invoked in an unusual way by {principal}.`,
    description: `{principal} called {api} ({service}), an API used to ${text.purpose}, in a way its baseline does not explain. {baseline}`,
    mitre: text.mitre,
    aggregation: AGGREGATION,
  };
}

export const IAM_ANOMALY_META: Record<ApiFamily, FindingTypeMeta> = {
  CredentialAccess: familyMeta("CredentialAccess"),
  DefenseEvasion: familyMeta("DefenseEvasion"),
  Discovery: familyMeta("Discovery"),
  Exfiltration: familyMeta("Exfiltration"),
  Impact: familyMeta("Impact"),
  InitialAccess: familyMeta("InitialAccess"),
  Persistence: familyMeta("Persistence"),
  PrivilegeEscalation: familyMeta("PrivilegeEscalation"),
};

export type S3AnomalyKind = "Discovery" | "Exfiltration" | "Delete" | "Permission" | "Write";

function s3Meta(type: string, severity: number, purpose: string, mitre: { tactic: string; technique: string }): FindingTypeMeta {
  return {
    type,
    severity,
    dataSource: "S3_DATA_EVENTS",
    method: "ML",
    resourceType: "S3Bucket",
    resourceRole: "TARGET",
    title: `An API commonly used to ${purpose} was invoked in an unusual way on bucket {bucket}.`,
    description: `{principal} called {api} on bucket {bucket}, an S3 API used to ${purpose}, in a way its baseline does not explain. {baseline}`,
    mitre,
    aggregation: "account + bucket + identity",
  };
}

export const S3_ANOMALY_META: Record<S3AnomalyKind, FindingTypeMeta> = {
  Discovery: s3Meta("Discovery:S3/AnomalousBehavior", SEVERITY.LOW, "list or inspect objects", { tactic: "Discovery", technique: "T1619 Cloud Storage Object Discovery" }),
  Exfiltration: s3Meta("Exfiltration:S3/AnomalousBehavior", SEVERITY.HIGH, "read or copy objects", { tactic: "Exfiltration", technique: "T1530 Data from Cloud Storage" }),
  Delete: s3Meta("Impact:S3/AnomalousBehavior.Delete", SEVERITY.HIGH, "delete objects", { tactic: "Impact", technique: "T1485 Data Destruction" }),
  Permission: s3Meta("Impact:S3/AnomalousBehavior.Permission", SEVERITY.HIGH, "change object permissions", { tactic: "Impact", technique: "T1222 File and Directory Permissions Modification" }),
  Write: s3Meta("Impact:S3/AnomalousBehavior.Write", SEVERITY.MEDIUM, "write objects", { tactic: "Impact", technique: "T1565 Data Manipulation" }),
};

export const CONSOLE_LOGIN_SUCCESS_B: FindingTypeMeta = {
  type: "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B",
  severity: SEVERITY.MEDIUM,
  dataSource: "CLOUD_TRAIL",
  method: "ML (geo)",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "Unusual console login by {principal}.",
  description: "{principal} signed in to the AWS console from {caller}, unlike its earlier sign-ins. {baseline}",
  mitre: { tactic: "Initial Access", technique: "T1078.004 Valid Accounts: Cloud Accounts" },
  aggregation: "account + identity",
};
