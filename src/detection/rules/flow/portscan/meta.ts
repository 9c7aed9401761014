import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const PORTSCAN: FindingTypeMeta = {
  type: "Recon:EC2/Portscan",
  severity: SEVERITY.MEDIUM,
  dataSource: "VPC_FLOW_LOGS",
  method: "RULE",
  resourceType: "Instance",
  resourceRole: "ACTOR",
  title: "{instance} is performing outbound port scans against remote host {remote}.",
  description:
    "Within {window} minutes {instance} probed {ports} distinct ports of {remote} without exchanging data on them " +
    "(probes of {protocols}). Port scans map a network before an attack; an instance that scans was likely compromised.",
  mitre: { tactic: "Discovery", technique: "T1046 Network Service Discovery" },
  aggregation: "account + instance (each window in which it scanned counts once; the latest target is shown)",
};
