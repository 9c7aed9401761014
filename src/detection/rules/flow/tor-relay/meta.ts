import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const TOR_RELAY: FindingTypeMeta = {
  type: "UnauthorizedAccess:EC2/TorRelay",
  catalogueNote: "accepted connections from and opened connections to several listed Tor nodes in one window",
  severity: SEVERITY.HIGH,
  dataSource: "VPC_FLOW_LOGS",
  method: "TI+RULE",
  resourceType: "Instance",
  resourceRole: "ACTOR",
  title: "{instance} is communicating with Tor nodes as a Tor relay.",
  description:
    "Within {window} minutes {instance} accepted connections from {inbound} Tor nodes (on port {port}) and opened " +
    "connections to {outbound} others ({lists}): the traffic of a Tor relay. A relay carries strangers' traffic through " +
    "the account; unless it was set up on purpose, someone else is running it.",
  mitre: { tactic: "Command and Control", technique: "T1090.003 Proxy: Multi-hop Proxy" },
  aggregation: "account + instance (each window of relaying counts once)",
};
