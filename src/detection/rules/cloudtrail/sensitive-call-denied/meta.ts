import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const SENSITIVE_CALL_DENIED: FindingTypeMeta = {
  type: "Discovery:IAMUser/SensitiveCallDenied",
  severity: SEVERITY.LOW,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} was refused {api}, a call that {why}.",
  description:
    "AWS refused {api} ({service}) to {principal} with {errorCode}. The call {why}: nothing changed, but trying it without the " +
    "permission is what someone probing a stolen credential for escalation, secrets or ways to blind logging does.",
  mitre: { tactic: "Discovery", technique: "T1069.003 Permission Groups Discovery: Cloud Groups" },
  aggregation: "account + principal + API: retries of the same refused call are one finding",
  vigilOnly: true,
};
