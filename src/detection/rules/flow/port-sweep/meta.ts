import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const PORT_SWEEP: FindingTypeMeta = {
  type: "Impact:EC2/PortSweep",
  severity: SEVERITY.HIGH,
  dataSource: "VPC_FLOW_LOGS",
  method: "RULE",
  resourceType: "Instance",
  resourceRole: "ACTOR",
  title: "{instance} is probing port {port} on a large number of public IP addresses.",
  description:
    "Within {window} minutes {instance} probed {protocol} port {port} ({portName}) on {hosts} distinct public addresses " +
    "without exchanging data with them. Sweeping one port across the internet is how worms and botnets look for their " +
    "next victims; the instance is likely compromised.",
  mitre: { tactic: "Discovery", technique: "T1046 Network Service Discovery" },
  aggregation: "account + instance + protocol and port (each window in which it swept counts once)",
};
