import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const CONSOLE_BRUTE_FORCE_SUCCESS: FindingTypeMeta = {
  type: "CredentialAccess:IAMUser/ConsoleBruteForceSuccess",
  severity: SEVERITY.HIGH,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{userName} signed in to the console after {failures} failed attempts.",
  description:
    "{principal} signed in to the AWS console from {caller} after {failures} failed sign-ins for the same user within " +
    "{windowMinutes} minutes (from {addresses} addresses). A password found by guessing or spraying ends this way; check " +
    "with the user, reset the password and require MFA.",
  mitre: { tactic: "Credential Access", technique: "T1110.001 Brute Force: Password Guessing" },
  aggregation: "account + user",
  vigilOnly: true,
};
