import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const CONSOLE_LOGIN_WITHOUT_MFA: FindingTypeMeta = {
  type: "InitialAccess:IAMUser/ConsoleLoginWithoutMFA",
  severity: SEVERITY.MEDIUM,
  severityVaries: "High (8) for the root user",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{userName} signed in to the console without MFA.",
  description:
    "{principal} signed in to the AWS console from {caller} with a password alone (MFAUsed: No). A stolen or guessed " +
    "password is then all an attacker needs; require MFA for this user and check that the sign-in was theirs.",
  mitre: { tactic: "Initial Access", technique: "T1078.004 Valid Accounts: Cloud Accounts" },
  aggregation: "account + user",
  vigilOnly: true,
};
