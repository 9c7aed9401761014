import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const BEDROCK_LOGGING_DISABLED: FindingTypeMeta = {
  type: "DefenseEvasion:IAMUser/BedrockLoggingDisabled",
  severity: SEVERITY.MEDIUM,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "Amazon Bedrock model invocation logging was disabled in {region}.",
  description:
    "{principal} called {api}, which {effect} in region {region}. Without it, prompts and responses of model invocations " +
    "(including abuse such as LLM-jacking) are no longer recorded.",
  mitre: { tactic: "Defense Evasion", technique: "T1562.008 Impair Defenses: Disable or Modify Cloud Logs" },
  aggregation: "account + region (the logging configuration is regional)",
};
