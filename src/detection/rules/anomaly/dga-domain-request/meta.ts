import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const DGA_DOMAIN_REQUEST_B: FindingTypeMeta = {
  type: "Trojan:EC2/DGADomainRequest.B",
  catalogueNote:
    "decided per host: several generated registered domains, a share of the host's names (character model of real names: catches random-letter families it never saw, misses dictionary-word and pronounceable ones)",
  severity: SEVERITY.HIGH,
  dataSource: "DNS_QUERY_LOGS",
  method: "ML/RULE",
  resourceType: "Instance",
  resourceRole: "ACTOR",
  title: "Instance {instance} is querying algorithmically generated domains.",
  description:
    "Within {minutes} minutes instance {instance} queried {generated} registered domains that look generated rather than chosen " +
    "({share} of the {distinct} it queried; {unanswered} answered NXDOMAIN). Each scored at least {threshold} nats more likely drawn " +
    "from random letters than from the model of real organization names: {names}. Malware that generates domain names to find its " +
    "command-and-control server queries names like these, most of them never registered.",
  mitre: { tactic: "Command and Control", technique: "T1568.002 Dynamic Resolution: Domain Generation Algorithms" },
  aggregation: "account + instance (or source address)",
};
