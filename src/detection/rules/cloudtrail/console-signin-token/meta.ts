import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const CONSOLE_SESSION_FROM_ACCESS_KEYS: FindingTypeMeta = {
  type: "DefenseEvasion:IAMUser/ConsoleSessionFromAccessKeys",
  severity: SEVERITY.MEDIUM,
  severityVaries: "Low (3) for a role session: custom identity brokers and developer tools open the console from role credentials too",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} turned API credentials into a console session.",
  description:
    "{principal} ({identityType}) called GetSigninToken from {caller}, exchanging temporary API credentials for a console " +
    "sign-in link. Tools such as aws_consoler do this to reach the console with stolen access keys, without the user's " +
    "password or MFA. Check that the session was expected; a federated-user session was made from an IAM user's long-term keys.",
  mitre: { tactic: "Defense Evasion", technique: "T1550.001 Use Alternate Authentication Material: Application Access Token" },
  aggregation: "account + principal",
  vigilOnly: true,
};
