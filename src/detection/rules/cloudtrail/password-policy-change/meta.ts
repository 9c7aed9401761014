import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const PASSWORD_POLICY_CHANGE: FindingTypeMeta = {
  type: "Stealth:IAMUser/PasswordPolicyChange",
  catalogueNote: "graded on the new policy: CloudTrail does not record the policy it replaced",
  severity: SEVERITY.LOW,
  severityVaries:
    "Low when the new policy falls a little short of a strong baseline (14+ characters, three or more character classes, " +
    "reuse prevention), Medium when it falls well short, High when it is very weak (e.g. under 8 characters and no " +
    "complexity) or the policy was deleted.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "The account password policy was weakened by {principal}.",
  description:
    "{principal} called {api}: {weaknesses}. A weaker password policy makes IAM users' console passwords easier to guess " +
    "or reuse, and is a step attackers take before creating or taking over logins.",
  mitre: { tactic: "Defense Evasion", technique: "T1556 Modify Authentication Process" },
  aggregation: "account: the password policy is account-wide, so every weakening updates one finding",
};
