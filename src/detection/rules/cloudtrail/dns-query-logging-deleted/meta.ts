import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const DNS_QUERY_LOGGING_DISABLED: FindingTypeMeta = {
  type: "DefenseEvasion:IAMUser/DnsQueryLoggingDisabled",
  severity: SEVERITY.MEDIUM,
  severityVaries: "Low when an AWS service (CloudFormation deleting a stack) made the call for the account",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "DNS query logging {target} was turned off by {principal}.",
  description:
    "{principal} called {api} ({serviceName}), which {effect}. DNS queries are how malware finds its command-and-control " +
    "servers and how data is tunnelled out; without the query log they are no longer recorded. Check whether the change " +
    "was part of tearing the network down; restore the logging if not.",
  mitre: { tactic: "Defense Evasion", technique: "T1562.008 Impair Defenses: Disable or Modify Cloud Logs" },
  aggregation: "account + region + query logging configuration: disassociating and then deleting it is one finding",
  vigilOnly: true,
};
