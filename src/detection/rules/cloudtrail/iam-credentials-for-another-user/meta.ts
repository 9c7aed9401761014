import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const ACCESS_KEY_CREATED_FOR_ANOTHER_USER: FindingTypeMeta = {
  type: "Persistence:IAMUser/AccessKeyCreatedForAnotherUser",
  severity: SEVERITY.MEDIUM,
  severityVaries: "Low when a pipeline (CloudFormation, a web-identity CI session, an EC2 build agent) made the call: provisioning, most likely.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} created an access key for another IAM user, {targetUser}.",
  description:
    "{principal} called {api} for IAM user {targetUser}, creating access key {newAccessKey}. Whoever holds that key can act as " +
    "{targetUser} long after the caller's own credentials are revoked — a common way to keep a foothold. Confirm the key was " +
    "expected; otherwise deactivate it and review what {principal} did.",
  mitre: { tactic: "Persistence", technique: "T1098.001 Account Manipulation: Additional Cloud Credentials" },
  aggregation: "account + target user: every key made for the same user is one finding",
  catalogueNote: "from one event, IaC provisioning a new user's key looks the same as a backdoor: every key made for someone else is raised",
  vigilOnly: true,
};

export const LOGIN_PROFILE_CHANGED_FOR_ANOTHER_USER: FindingTypeMeta = {
  type: "PrivilegeEscalation:IAMUser/LoginProfileChangedForAnotherUser",
  severity: SEVERITY.MEDIUM,
  severityVaries:
    "Low when the new password must be reset at first sign-in (a help-desk reset) or a pipeline (CloudFormation, a web-identity CI session, an EC2 build agent) made the call.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} set the console password of another IAM user, {targetUser}.",
  description:
    "{principal} called {api} for IAM user {targetUser} (password reset required: {resetRequired}). Whoever set the password can " +
    "now sign in to the console as {targetUser} with that user's permissions. Confirm the change was requested; otherwise " +
    "delete the login profile and review {principal}'s activity.",
  mitre: { tactic: "Privilege Escalation", technique: "T1098 Account Manipulation" },
  aggregation: "account + target user",
  catalogueNote: "a role session is never the user it names, whatever its session name; a forced reset is Low, not silent",
  vigilOnly: true,
};
