import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const LAMBDA_OPENED_TO_OUTSIDERS: FindingTypeMeta = {
  type: "Persistence:IAMUser/LambdaFunctionOpenedToOutsiders",
  severity: SEVERITY.HIGH,
  severityVaries:
    "High when anyone (\"*\") may invoke the function; Medium for one outside account, or a function URL without " +
    "authentication (its resource policy decides who reaches it).",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "Lambda function {function} can now be invoked by {who}.",
  description:
    "{principal} called {api} on Lambda function {function}: {change}. A function others can invoke runs its code with the " +
    "function's role on their request — an attacker's way back in, or a way to use its permissions. Remove the permission " +
    "unless the function is meant to be public.",
  mitre: { tactic: "Persistence", technique: "T1546 Event Triggered Execution" },
  aggregation: "account + function",
  vigilOnly: true,
};
