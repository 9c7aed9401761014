/**
 * The normalized event model shared by every parser and every detection. Parsers (src/ingest/parsers)
 * turn raw log records into these; detections (src/detection/rules) read only these.
 *
 * Conventions: times are epoch milliseconds (UTC); names keep AWS's spelling where one exists;
 * fields a log may lack are optional; what a parser does not understand stays in `raw` / `extra`.
 */

/** Where an event came from, so a finding can point an analyst back to the raw record. */
export type EventOrigin = {
  /** Log object key, file path or push batch id. */
  object: string;
  /** 1-based line (flow/DNS logs, NDJSON) or record index (CloudTrail `Records` array). */
  line?: number;
};

export type CloudTrailIdentity = {
  /** Root | IAMUser | AssumedRole | FederatedUser | AWSAccount | AWSService | IdentityCenterUser | Unknown */
  type: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  /** For AssumedRole: the role behind the session. */
  sessionIssuer?: { type?: string; arn?: string; userName?: string; accountId?: string; principalId?: string };
  mfaAuthenticated?: boolean;
  sessionCreationDate?: number;
  /** Set when an AWS service made the call on the principal's behalf (e.g. "cloudformation.amazonaws.com"). */
  invokedBy?: string;
  /** "ec2RoleDelivery" in sessionContext: present for EC2 instance-profile credentials. */
  ec2RoleDelivery?: string;
  sourceIdentity?: string;
};

export type CloudTrailEvent = {
  kind: "cloudtrail";
  time: number;
  /** The account the event belongs to (recipientAccountId, else the caller's account). */
  accountId: string;
  region: string;
  eventId: string;
  /** e.g. "iam.amazonaws.com" */
  eventSource: string;
  eventName: string;
  /** AwsApiCall | AwsConsoleSignIn | AwsServiceEvent | AwsCloudTrailInsight | AwsVpceEvent */
  eventType?: string;
  /** Management | Data | Insight */
  eventCategory?: string;
  readOnly?: boolean;
  errorCode?: string;
  errorMessage?: string;
  /** sourceIPAddress as logged: an IP, or a service name such as "ec2.amazonaws.com". */
  sourceIp: string;
  userAgent: string;
  identity: CloudTrailIdentity;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  resources?: Array<{ ARN?: string; accountId?: string; type?: string }>;
  vpcEndpointId?: string;
  /** The whole record as logged, unknown fields included. */
  raw: Record<string, unknown>;
  origin: EventOrigin;
};

export type FlowEvent = {
  kind: "flow";
  /** Window start (the record's `start`, seconds → ms). */
  time: number;
  /** Window end. */
  end: number;
  accountId: string;
  region?: string;
  version: number;
  interfaceId?: string;
  instanceId?: string;
  vpcId?: string;
  subnetId?: string;
  srcAddr?: string;
  dstAddr?: string;
  srcPort?: number;
  dstPort?: number;
  /** IANA protocol number (6 TCP, 17 UDP, 1 ICMP…). */
  protocol?: number;
  packets?: number;
  bytes?: number;
  action?: "ACCEPT" | "REJECT";
  /** OK | NODATA | SKIPDATA */
  logStatus?: string;
  tcpFlags?: number;
  /** v5: ingress | egress */
  flowDirection?: "ingress" | "egress";
  pktSrcAddr?: string;
  pktDstAddr?: string;
  /** v5: the AWS service (ip-ranges.json name, e.g. "S3", "AMAZON") that pktSrcAddr / pktDstAddr belongs to. */
  pktSrcAwsService?: string;
  pktDstAwsService?: string;
  /**
   * v5, egress only: the path the traffic took (1 same VPC, 2 internet gateway or gateway endpoint, 3 virtual private
   * gateway, 4 intra-region peering, 5 inter-region peering, 6 local gateway, 7 gateway endpoint (Nitro), 8 internet
   * gateway (Nitro)).
   */
  trafficPath?: number;
  /** Fields of the record this model has no slot for, by their AWS field name. */
  extra: Record<string, string>;
  origin: EventOrigin;
};

export type DnsAnswer = { type?: string; data: string; class?: string };

export type DnsEvent = {
  kind: "dns";
  time: number;
  accountId: string;
  region?: string;
  vpcId?: string;
  /** Lower-cased, without the trailing dot. */
  queryName: string;
  /** query_name as logged, when it has upper-case letters (data encoded in base64 needs them). */
  queryNameAsLogged?: string;
  queryType?: string;
  queryClass?: string;
  rcode?: string;
  answers: DnsAnswer[];
  srcAddr?: string;
  srcPort?: number;
  transport?: string;
  /** srcids.instance when the query came from an EC2 instance. */
  instanceId?: string;
  resolverEndpointId?: string;
  /** The whole record; read it only when needed: for most lines it is parsed on first read. */
  raw: Record<string, unknown>;
  origin: EventOrigin;
};

export type VigilEvent = CloudTrailEvent | FlowEvent | DnsEvent;

export type LogKind = "CLOUD_TRAIL" | "VPC_FLOW_LOGS" | "DNS_QUERY_LOGS";
