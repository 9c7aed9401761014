import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const CONSOLE_PASSWORD_SPRAYING: FindingTypeMeta = {
  type: "CredentialAccess:IAMUser/ConsolePasswordSpraying",
  severity: SEVERITY.MEDIUM,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "Console sign-in failed {failures} times for {users} user names from {caller}.",
  description:
    "Within {windowMinutes} minutes {caller} failed to sign in to the console {failures} times, as {users} different user " +
    "names (e.g. {examples}). One person mistypes their own password; trying many users, or one password after another, " +
    "is password spraying or guessing. Block the address if it is not yours and check the users for a later success.",
  mitre: { tactic: "Credential Access", technique: "T1110.003 Brute Force: Password Spraying" },
  aggregation: "account + source address",
  vigilOnly: true,
};
