import { SEVERITY, type FindingTypeMeta } from "../../engine/types.js";

function instanceMeta(type: string, severity: number, title: string, description: string, mitre: FindingTypeMeta["mitre"], aggregation: string, severityVaries?: string): FindingTypeMeta {
  return { type, severity, severityVaries, dataSource: "VPC_FLOW_LOGS", method: "ML", resourceType: "Instance", resourceRole: "ACTOR", title, description, mitre, aggregation };
}

export const NETWORK_PORT_UNUSUAL = instanceMeta(
  "Behavior:EC2/NetworkPortUnusual",
  SEVERITY.MEDIUM,
  "Instance {instance} is communicating with a remote host on unusual port {port}.",
  "Instance {instance} opened a connection to {remote} on port {port}, a port it had not used before. {baseline}",
  { tactic: "Command and Control", technique: "T1571 Non-Standard Port" },
  "account + instance + remote port",
  "High for ports 389 and 1389 (LDAP, the usual log4j callback), Medium otherwise.",
);

export const SPAMBOT = instanceMeta(
  "Backdoor:EC2/Spambot",
  SEVERITY.MEDIUM,
  "Instance {instance} is sending mail on port 25 with no history of doing so.",
  "Instance {instance} connected to {remote} on port 25 (SMTP), which it had never used before. {baseline}",
  { tactic: "Impact", technique: "T1496 Resource Hijacking" },
  "account + instance",
);

export const UNUSUAL_DNS_RESOLVER = instanceMeta(
  "DefenseEvasion:EC2/UnusualDNSResolver",
  SEVERITY.MEDIUM,
  "Instance {instance} is using an unusual public DNS resolver {remote}.",
  "Instance {instance} sent DNS traffic to {remote}, a public resolver it had not used before; queries there bypass the VPC resolver and its logs. {baseline}",
  { tactic: "Defense Evasion", technique: "T1568 Dynamic Resolution" },
  "account + instance",
);

export const TRAFFIC_VOLUME_UNUSUAL = instanceMeta(
  "Behavior:EC2/TrafficVolumeUnusual",
  SEVERITY.MEDIUM,
  "Instance {instance} is sending unusually large amounts of traffic to {remote}.",
  "Instance {instance} sent {bytes} to {remote} within one hour. {baseline}",
  { tactic: "Exfiltration", technique: "T1048 Exfiltration Over Alternative Protocol" },
  "account + instance + remote host",
);

export const UNUSUAL_DOT_ACTIVITY = instanceMeta(
  "DefenseEvasion:EC2/UnusualDoTActivity",
  SEVERITY.MEDIUM,
  "Instance {instance} is using DNS over TLS with {remote}, which it had not done before.",
  "Instance {instance} connected to {remote} on port 853 (DNS over TLS), a resolver it had not used before; encrypted queries there bypass the VPC resolver and its logs. {baseline}",
  { tactic: "Defense Evasion", technique: "T1572 Protocol Tunneling" },
  "account + instance",
);
