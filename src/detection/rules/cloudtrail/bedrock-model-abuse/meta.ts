import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const BEDROCK_MODEL_ACCESS_ENABLED: FindingTypeMeta = {
  type: "Impact:IAMUser/BedrockModelAccessEnabled",
  severity: 3,
  severityVaries: "Medium (5) when the same identity also invoked models within the window.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} enabled access to Bedrock foundation models.",
  description:
    "{principal} called {accessApis}, enabling foundation models for the account{invoked}. Accounts enable model access once, " +
    "by an administrator; credentials stolen for \"LLMjacking\" enable every model they can and resell or use the access at the " +
    "account's expense.",
  mitre: { tactic: "Impact", technique: "T1496 Resource Hijacking" },
  aggregation: "account + principal",
  vigilOnly: true,
};

export const BEDROCK_INVOCATION_BURST: FindingTypeMeta = {
  type: "Impact:IAMUser/BedrockInvocationBurst",
  severity: SEVERITY.MEDIUM,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} invoked Bedrock models {calls} times within {window} minutes with {how}.",
  description:
    "{principal} made {calls} Bedrock model invocations ({models}) within {window} minutes with {how}. Applications call models " +
    "with the temporary credentials of their role from inside AWS; a long-term access key or a caller outside AWS running models " +
    "in bulk is the signature of stolen keys used for LLMjacking.",
  mitre: { tactic: "Impact", technique: "T1496 Resource Hijacking" },
  aggregation: "account + principal",
  vigilOnly: true,
};
