import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const DNS_DATA_EXFILTRATION: FindingTypeMeta = {
  type: "Trojan:EC2/DNSDataExfiltration",
  severity: SEVERITY.HIGH,
  dataSource: "DNS_QUERY_LOGS",
  method: "RULE/ML",
  resourceType: "Instance",
  resourceRole: "ACTOR",
  title: "Instance {instance} is exfiltrating data through DNS queries to {parent}.",
  description:
    "Instance {instance} sent {queries} queries for about {distinct} different names under {parent} within {minutes} minutes; the part " +
    "below {parent} averaged {meanLength} characters with {meanEntropy} bits of entropy per character. {decoded}Ordinary use of a " +
    "domain repeats a few short names; data encoded into queries makes many long, random ones, or names that decode into readable " +
    "or compressed data (thresholds: {thresholds}).",
  mitre: { tactic: "Exfiltration", technique: "T1048.003 Exfiltration Over Unencrypted Non-C2 Protocol (DNS tunnelling)" },
  aggregation: "account + instance (or source address) + parent domain",
};
