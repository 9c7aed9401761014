/**
 * GuardDuty's foundational and S3 finding types (reference §4.1–§4.4) and where Vigil stands on each:
 * implemented (a shipped rule raises it), planned (and where), or not possible (and why). "Implemented"
 * is read from the rule registry, so this list cannot claim a type no rule raises; the README's
 * catalogue table is generated from it.
 */
import type { DataSource, DetectionMethod } from "./engine/types.js";
import { BASELINE_MODELS } from "./baselines/engine.js";
import { EVENT_RULES, WINDOWED_RULES } from "./rules/index.js";

export type CatalogueStatus = "implemented" | "planned" | "not-possible";

export type CatalogueEntry = {
  type: string;
  dataSource: DataSource;
  method: DetectionMethod;
  /** GuardDuty's severity label; "*" marks a severity that varies with context. */
  severity: string;
  status: CatalogueStatus;
  /** For planned types, where; for types not possible, why; for implemented ones, any limit worth knowing. */
  note?: string;
};

const NOT_YET = "not implemented yet";

type Row = [type: string, dataSource: DataSource, method: DetectionMethod, severity: string, note?: string];

const FLOW: Row[] = [
  ["Backdoor:EC2/C&CActivity.B", "VPC_FLOW_LOGS", "TI", "High", "outbound connections (refused ones marked blocked); log4j context when the feed tags the address log4j"],
  ["Backdoor:EC2/DenialOfService.Dns", "VPC_FLOW_LOGS", "RULE", "High", "volume at a flood's rate to one public address on port 53 (thresholds in the detection README)"],
  ["Backdoor:EC2/DenialOfService.Tcp", "VPC_FLOW_LOGS", "RULE", "High", "header-only floods, or one-sided data; a payload flood the victim acknowledges looks like an upload and is left to TrafficVolumeUnusual"],
  ["Backdoor:EC2/DenialOfService.Udp", "VPC_FLOW_LOGS", "RULE", "High"],
  ["Backdoor:EC2/DenialOfService.UdpOnTcpPorts", "VPC_FLOW_LOGS", "RULE", "High", "raised with .Udp when most of the flood goes to a TCP-only port"],
  ["Backdoor:EC2/DenialOfService.UnusualProtocol", "VPC_FLOW_LOGS", "RULE", "High"],
  ["Backdoor:EC2/Spambot", "VPC_FLOW_LOGS", "ML", "Medium"],
  ["Behavior:EC2/NetworkPortUnusual", "VPC_FLOW_LOGS", "ML", "Medium*"],
  ["Behavior:EC2/TrafficVolumeUnusual", "VPC_FLOW_LOGS", "ML", "Medium"],
  ["CryptoCurrency:EC2/BitcoinTool.B", "VPC_FLOW_LOGS", "TI", "High"],
  ["DefenseEvasion:EC2/UnusualDNSResolver", "VPC_FLOW_LOGS", "ML", "Medium"],
  ["DefenseEvasion:EC2/UnusualDoHActivity", "VPC_FLOW_LOGS", "ML", "Medium", "DNS over HTTPS is port 443 like any web traffic: it needs a list of public DoH server addresses, which Vigil does not ship yet"],
  ["DefenseEvasion:EC2/UnusualDoTActivity", "VPC_FLOW_LOGS", "ML", "Medium"],
  ["Impact:EC2/PortSweep", "VPC_FLOW_LOGS", "RULE", "High"],
  ["Impact:EC2/WinRMBruteForce", "VPC_FLOW_LOGS", "RULE", "Low*"],
  ["Recon:EC2/PortProbeEMRUnprotectedPort", "VPC_FLOW_LOGS", "TI+RULE", "High", "by port (YARN, Livy, Spark, Hue, Zeppelin, HDFS, HBase, Hive): flow logs do not say whether the instance belongs to an EMR cluster"],
  ["Recon:EC2/PortProbeUnprotectedPort", "VPC_FLOW_LOGS", "TI+RULE", "Low*", "accepted connections from addresses on SCANNER or MALICIOUS_IP feeds; a host firewall that drops after accepting is not visible in flow logs"],
  ["Recon:EC2/Portscan", "VPC_FLOW_LOGS", "RULE", "Medium"],
  ["Trojan:EC2/BlackholeTraffic", "VPC_FLOW_LOGS", "TI", "Medium"],
  ["Trojan:EC2/DropPoint", "VPC_FLOW_LOGS", "TI", "Medium"],
  ["UnauthorizedAccess:EC2/MaliciousIPCaller.Custom", "VPC_FLOW_LOGS", "CUST", "Medium"],
  ["UnauthorizedAccess:EC2/RDPBruteForce", "VPC_FLOW_LOGS", "RULE", "Low*"],
  ["UnauthorizedAccess:EC2/SSHBruteForce", "VPC_FLOW_LOGS", "RULE", "Low*"],
  ["UnauthorizedAccess:EC2/TorClient", "VPC_FLOW_LOGS", "TI", "High", "any outbound connection to a TOR_EXIT or TOR_RELAY feed address: public lists do not single out guards and authorities"],
  ["UnauthorizedAccess:EC2/TorRelay", "VPC_FLOW_LOGS", "TI+RULE", "High", "accepted connections from and opened connections to several listed Tor nodes in one window"],
];

const DNS: Row[] = [
  ["Backdoor:EC2/C&CActivity.B!DNS", "DNS_QUERY_LOGS", "TI", "High"],
  ["CryptoCurrency:EC2/BitcoinTool.B!DNS", "DNS_QUERY_LOGS", "TI", "High"],
  ["Impact:EC2/AbusedDomainRequest.Reputation", "DNS_QUERY_LOGS", "REP", "Medium", "GuardDuty's reputation model is not public; a heuristic stand-in"],
  ["Impact:EC2/BitcoinDomainRequest.Reputation", "DNS_QUERY_LOGS", "REP", "High", "GuardDuty's reputation model is not public; a heuristic stand-in"],
  ["Impact:EC2/MaliciousDomainRequest.Reputation", "DNS_QUERY_LOGS", "REP", "High", "GuardDuty's reputation model is not public; a heuristic stand-in"],
  ["Impact:EC2/SuspiciousDomainRequest.Reputation", "DNS_QUERY_LOGS", "REP", "Low", "GuardDuty's reputation model is not public; a heuristic stand-in"],
  ["Impact:EC2/MaliciousDomainRequest.Custom", "DNS_QUERY_LOGS", "CUST", "Medium"],
  ["Trojan:EC2/BlackholeTraffic!DNS", "DNS_QUERY_LOGS", "TI", "Medium", "a listed name, or an answer on a BLACK_HOLE feed"],
  ["Trojan:EC2/DGADomainRequest.B", "DNS_QUERY_LOGS", "ML/RULE", "High", "character model of real names: catches random-letter families it never saw, misses dictionary-word and pronounceable ones"],
  ["Trojan:EC2/DGADomainRequest.C!DNS", "DNS_QUERY_LOGS", "TI", "High"],
  ["Trojan:EC2/DNSDataExfiltration", "DNS_QUERY_LOGS", "RULE/ML", "High"],
  ["Trojan:EC2/DriveBySourceTraffic!DNS", "DNS_QUERY_LOGS", "TI", "High"],
  ["Trojan:EC2/DropPoint!DNS", "DNS_QUERY_LOGS", "TI", "Medium"],
  ["Trojan:EC2/PhishingDomainRequest!DNS", "DNS_QUERY_LOGS", "TI", "High"],
  ["UnauthorizedAccess:EC2/MetadataDNSRebind", "DNS_QUERY_LOGS", "RULE", "High"],
];

const IAM: Row[] = [
  ["CredentialAccess:IAMUser/AnomalousBehavior", "CLOUD_TRAIL", "ML", "Medium"],
  [
    "CredentialAccess:IAMUser/CompromisedCredentials",
    "CLOUD_TRAIL",
    "UNKNOWN",
    "?",
    "not possible: GuardDuty documents neither the trigger nor the method of this newer type, so there is nothing to reproduce",
  ],
  ["DefenseEvasion:IAMUser/AnomalousBehavior", "CLOUD_TRAIL", "ML", "Medium"],
  ["DefenseEvasion:IAMUser/BedrockLoggingDisabled", "CLOUD_TRAIL", "RULE", "Medium"],
  ["Discovery:IAMUser/AnomalousBehavior", "CLOUD_TRAIL", "ML", "Low"],
  ["Exfiltration:IAMUser/AnomalousBehavior", "CLOUD_TRAIL", "ML", "High"],
  ["Impact:IAMUser/AnomalousBehavior", "CLOUD_TRAIL", "ML", "High"],
  ["InitialAccess:IAMUser/AnomalousBehavior", "CLOUD_TRAIL", "ML", "Medium"],
  ["PenTest:IAMUser/KaliLinux", "CLOUD_TRAIL", "RULE", "Medium"],
  ["PenTest:IAMUser/ParrotLinux", "CLOUD_TRAIL", "RULE", "Medium"],
  ["PenTest:IAMUser/PentooLinux", "CLOUD_TRAIL", "RULE", "Medium"],
  ["Persistence:IAMUser/AnomalousBehavior", "CLOUD_TRAIL", "ML", "Medium"],
  ["Policy:IAMUser/RootCredentialUsage", "CLOUD_TRAIL", "RULE", "Low"],
  ["Policy:IAMUser/ShortTermRootCredentialUsage", "CLOUD_TRAIL", "RULE", "Low"],
  ["PrivilegeEscalation:IAMUser/AnomalousBehavior", "CLOUD_TRAIL", "ML", "Medium"],
  ["Recon:IAMUser/MaliciousIPCaller", "CLOUD_TRAIL", "TI", "Medium"],
  ["Recon:IAMUser/MaliciousIPCaller.Custom", "CLOUD_TRAIL", "CUST", "Medium"],
  ["Recon:IAMUser/TorIPCaller", "CLOUD_TRAIL", "TI", "Medium"],
  ["Stealth:IAMUser/CloudTrailLoggingDisabled", "CLOUD_TRAIL", "RULE", "Low", "deleting the trail's S3 bucket is not covered: the logs do not say which bucket a trail writes to"],
  ["Stealth:IAMUser/PasswordPolicyChange", "CLOUD_TRAIL", "RULE", "Low*", "graded on the new policy: CloudTrail does not record the policy it replaced"],
  ["UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B", "CLOUD_TRAIL", "ML (geo)", "Medium"],
  [
    "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
    "CLOUD_TRAIL",
    "RULE+ML",
    "High",
    "the rule raises it; the baselines drop it for a remote source (ASN organization) the role has used on several days after its learning period",
  ],
  [
    "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS",
    "CLOUD_TRAIL",
    "RULE+ML",
    "High*",
    "raised for calls through another account's VPC endpoint; another account's public EC2 address cannot be told from the instance's own in CloudTrail",
  ],
  ["UnauthorizedAccess:IAMUser/MaliciousIPCaller", "CLOUD_TRAIL", "TI", "Medium"],
  ["UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom", "CLOUD_TRAIL", "CUST", "Medium"],
  [
    "UnauthorizedAccess:IAMUser/ResourceCredentialExfiltration.OutsideAWS",
    "CLOUD_TRAIL",
    "RULE+ML",
    "High",
    "not possible from CloudTrail alone: Lambda and ECS task-role sessions carry no marker (their session names are function names or task ids, like any other session)",
  ],
  [
    "UnauthorizedAccess:IAMUser/ResourceCredentialExfiltration.InsideAWS",
    "CLOUD_TRAIL",
    "RULE+ML",
    "?",
    "not possible from CloudTrail alone: ECS task-role sessions carry no marker",
  ],
  ["UnauthorizedAccess:IAMUser/TorIPCaller", "CLOUD_TRAIL", "TI", "Medium"],
];

const S3: Row[] = [
  ["Policy:S3/AccountBlockPublicAccessDisabled", "CLOUD_TRAIL", "RULE", "Low"],
  ["Policy:S3/BucketBlockPublicAccessDisabled", "CLOUD_TRAIL", "RULE", "Low"],
  [
    "Policy:S3/BucketAnonymousAccessGranted",
    "CLOUD_TRAIL",
    "RULE",
    "High",
    "evaluates the policy or ACL granted by the call; GuardDuty also reasons over the bucket's whole configuration (Zelkova)",
  ],
  [
    "Policy:S3/BucketPublicAccessGranted",
    "CLOUD_TRAIL",
    "RULE",
    "High",
    "evaluates the policy or ACL granted by the call; GuardDuty also reasons over the bucket's whole configuration (Zelkova)",
  ],
  ["Stealth:S3/ServerAccessLoggingDisabled", "CLOUD_TRAIL", "RULE", "Low"],
  ["Discovery:S3/AnomalousBehavior", "S3_DATA_EVENTS", "ML", "Low"],
  ["Discovery:S3/MaliciousIPCaller", "S3_DATA_EVENTS", "TI", "High"],
  ["Discovery:S3/MaliciousIPCaller.Custom", "S3_DATA_EVENTS", "CUST", "High"],
  ["Discovery:S3/TorIPCaller", "S3_DATA_EVENTS", "TI", "Medium"],
  ["Exfiltration:S3/AnomalousBehavior", "S3_DATA_EVENTS", "ML", "High"],
  ["Exfiltration:S3/MaliciousIPCaller", "S3_DATA_EVENTS", "TI", "High"],
  ["Impact:S3/AnomalousBehavior.Delete", "S3_DATA_EVENTS", "ML", "High"],
  ["Impact:S3/AnomalousBehavior.Permission", "S3_DATA_EVENTS", "ML", "High"],
  ["Impact:S3/AnomalousBehavior.Write", "S3_DATA_EVENTS", "ML", "Medium"],
  ["Impact:S3/MaliciousIPCaller", "S3_DATA_EVENTS", "TI", "High"],
  ["PenTest:S3/KaliLinux", "S3_DATA_EVENTS", "RULE", "Medium"],
  ["PenTest:S3/ParrotLinux", "S3_DATA_EVENTS", "RULE", "Medium"],
  ["PenTest:S3/PentooLinux", "S3_DATA_EVENTS", "RULE", "Medium"],
  ["UnauthorizedAccess:S3/MaliciousIPCaller.Custom", "S3_DATA_EVENTS", "CUST", "High"],
  ["UnauthorizedAccess:S3/TorIPCaller", "S3_DATA_EVENTS", "TI", "High"],
];

/** Types some shipped rule or baseline model can raise. */
export function implementedTypes(): Set<string> {
  return new Set([...EVENT_RULES, ...WINDOWED_RULES, ...BASELINE_MODELS].flatMap((rule) => rule.findingTypes.map((meta) => meta.type)));
}

function entry([type, dataSource, method, severity, note]: Row, implemented: Set<string>): CatalogueEntry {
  if (implemented.has(type)) return { type, dataSource, method, severity, status: "implemented", note };
  if (note?.startsWith("not possible")) return { type, dataSource, method, severity, status: "not-possible", note };
  return { type, dataSource, method, severity, status: "planned", note: note ? `${NOT_YET}: ${note}` : NOT_YET };
}

export function findingTypeCatalogue(): CatalogueEntry[] {
  const implemented = implementedTypes();
  return [...FLOW, ...DNS, ...IAM, ...S3].map((row) => entry(row, implemented));
}
