/**
 * Flow-log types raised by an address on a threat list: managed feeds by category, and the account's
 * own lists (.Custom). One finding per instance and remote address; the latest connection is shown.
 */
import { SEVERITY, type DetectionMethod, type FindingTypeMeta } from "../../../engine/types.js";

type Spec = { type: string; severity: number; method?: DetectionMethod; title: string; description: string; mitre: { tactic: string; technique: string }; catalogueNote?: string };

function meta({ type, severity, method = "TI", title, description, mitre, catalogueNote }: Spec): FindingTypeMeta {
  return {
    type,
    catalogueNote,
    severity,
    dataSource: "VPC_FLOW_LOGS",
    method,
    resourceType: "Instance",
    resourceRole: "ACTOR",
    title,
    description,
    mitre,
    aggregation: "account + instance + remote address (the latest connection is shown)",
  };
}

const C2 = { tactic: "Command and Control", technique: "T1071 Application Layer Protocol" };

export const COMMAND_AND_CONTROL = meta({
  type: "Backdoor:EC2/C&CActivity.B",
  catalogueNote: "outbound connections (refused ones marked blocked); log4j context when the feed tags the address log4j",
  severity: SEVERITY.HIGH,
  title: "{instance} is communicating with {remote}, a known command and control server.",
  description:
    "{instance} opened a {protocol} connection to {remote} port {port}, which {lists} list as a command and control server. " +
    "Compromised hosts call their controller for instructions; treat the instance as compromised.",
  mitre: C2,
});

export const BITCOIN_TOOL = meta({
  type: "CryptoCurrency:EC2/BitcoinTool.B",
  severity: SEVERITY.HIGH,
  title: "{instance} is communicating with {remote}, an address associated with cryptocurrency mining.",
  description:
    "{instance} opened a {protocol} connection to {remote} port {port}, which {lists} list as a mining pool or mining " +
    "infrastructure. Unless the instance is meant to mine, someone is using it to do so.",
  mitre: { tactic: "Impact", technique: "T1496 Resource Hijacking" },
});

export const BLACKHOLE = meta({
  type: "Trojan:EC2/BlackholeTraffic",
  severity: SEVERITY.MEDIUM,
  title: "{instance} is trying to communicate with {remote}, a black hole address.",
  description:
    "{instance} sent {protocol} traffic to {remote} port {port}, which {lists} list as a black hole (sinkhole). Malware " +
    "whose infrastructure was taken down keeps calling addresses like these.",
  mitre: C2,
});

export const DROP_POINT = meta({
  type: "Trojan:EC2/DropPoint",
  severity: SEVERITY.MEDIUM,
  title: "{instance} is trying to communicate with {remote}, a known drop point.",
  description:
    "{instance} sent {protocol} traffic to {remote} port {port}, which {lists} list as a host that collects credentials " +
    "and data stolen by malware.",
  mitre: { tactic: "Exfiltration", technique: "T1041 Exfiltration Over C2 Channel" },
});

export const TOR_CLIENT = meta({
  type: "UnauthorizedAccess:EC2/TorClient",
  catalogueNote: "any outbound connection to a TOR_EXIT or TOR_RELAY feed address: public lists do not single out guards and authorities",
  severity: SEVERITY.HIGH,
  title: "{instance} is connecting to the Tor node {remote}.",
  description:
    "{instance} opened a {protocol} connection to {remote} port {port}, which {lists} list as a Tor node. A Tor client " +
    "hides where the instance's traffic goes; unless that is intended, it may be reaching an attacker's infrastructure.",
  mitre: { tactic: "Command and Control", technique: "T1090.003 Proxy: Multi-hop Proxy" },
});

export const MALICIOUS_IP_CUSTOM = meta({
  type: "UnauthorizedAccess:EC2/MaliciousIPCaller.Custom",
  severity: SEVERITY.MEDIUM,
  method: "CUST",
  title: "{instance} is communicating with {remote}, an address on a custom threat list.",
  description: "{instance} exchanged {protocol} traffic ({direction}) with {remote} port {port}, which is on {lists}.",
  mitre: { tactic: "Command and Control", technique: "T1071 Application Layer Protocol" },
});

/** The same type when a listed host's inbound connection was accepted: the instance is the target. */
export const MALICIOUS_IP_CUSTOM_INBOUND: FindingTypeMeta = { ...MALICIOUS_IP_CUSTOM, resourceRole: "TARGET" };
