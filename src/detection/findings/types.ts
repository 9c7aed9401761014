/**
 * GuardDuty's finding JSON (GetFindings / EventBridge `detail`), field names exactly as GuardDuty
 * writes them, limited to the parts Vigil fills. Vigil's own data sits in the top-level `vigil`
 * object so GuardDuty's fields stay clean for tools written against them.
 */
import type { AnomalyDetection } from "../baselines/anomaly.js";
import type { SequenceDetection } from "../sequences/sequence-types.js";

export type AccessKeyDetails = {
  accessKeyId?: string;
  principalId?: string;
  userName?: string;
  userType?: string;
};

export type S3BucketDetail = {
  arn?: string;
  name: string;
  /** "Destination" for the bucket an API call acted on, as GuardDuty labels it. */
  type?: string;
  owner?: { id?: string };
  publicAccess?: { effectivePermission: "PUBLIC" | "NOT_PUBLIC" | "UNKNOWN" };
};

export type NetworkInterfaceDetails = {
  networkInterfaceId?: string;
  privateDnsName?: string;
  privateIpAddress?: string;
  privateIpAddresses?: Array<{ privateDnsName?: string; privateIpAddress?: string }>;
  publicDnsName?: string;
  publicIp?: string;
  ipv6Addresses?: string[];
  subnetId?: string;
  vpcId?: string;
  securityGroups?: Array<{ groupId?: string; groupName?: string }>;
};

/** What the finding's records tell, and what the EC2 inventory adds (src/detection/inventory). */
export type InstanceDetails = {
  instanceId: string;
  instanceType?: string;
  instanceState?: string;
  /** ISO 8601. */
  launchTime?: string;
  platform?: string;
  availabilityZone?: string;
  imageId?: string;
  imageDescription?: string;
  iamInstanceProfile?: { arn?: string; id?: string };
  networkInterfaces?: NetworkInterfaceDetails[];
  productCodes?: Array<{ code?: string; productType?: string }>;
  tags?: Array<{ key: string; value: string }>;
};

export type FindingResource = {
  resourceType: "AccessKey" | "S3Bucket" | "Instance";
  accessKeyDetails?: AccessKeyDetails;
  s3BucketDetails?: S3BucketDetail[];
  instanceDetails?: InstanceDetails;
};

export type RemoteIpDetails = {
  ipAddressV4?: string;
  ipAddressV6?: string;
  city?: { cityName: string };
  country?: { countryCode: string; countryName: string };
  geoLocation?: { lat: number; lon: number };
  organization?: { asn: string; asnOrg: string; isp: string; org: string };
};

export type PortDetails = { port: number; portName: string };

export type AwsApiCallAction = {
  api: string;
  serviceName: string;
  /** "Remote IP" when the caller's address is logged, "Domain" when an AWS service name stands in for it. */
  callerType: string;
  errorCode?: string;
  userAgent?: string;
  domainDetails?: { domain: string };
  remoteIpDetails?: RemoteIpDetails;
  remoteAccountDetails?: { accountId: string; affiliated: boolean };
  affectedResources: Record<string, string>;
};

export type NetworkConnectionAction = {
  connectionDirection: "INBOUND" | "OUTBOUND" | "UNKNOWN";
  protocol: string;
  blocked: boolean;
  localPortDetails?: PortDetails;
  remotePortDetails?: PortDetails;
  localIpDetails?: { ipAddressV4?: string; ipAddressV6?: string };
  localNetworkInterface?: string;
  remoteIpDetails?: RemoteIpDetails;
};

export type DnsRequestAction = {
  domain: string;
  domainWithSuffix?: string;
  protocol: string;
  blocked: boolean;
  vpcOwnerAccountId?: string;
};

export type PortProbeAction = {
  blocked: boolean;
  portProbeDetails: Array<{
    localPortDetails: PortDetails;
    localIpDetails?: { ipAddressV4?: string; ipAddressV6?: string };
    remoteIpDetails?: RemoteIpDetails;
  }>;
};

export type FindingAction =
  | { actionType: "AWS_API_CALL"; awsApiCallAction: AwsApiCallAction }
  | { actionType: "NETWORK_CONNECTION"; networkConnectionAction: NetworkConnectionAction }
  | { actionType: "DNS_REQUEST"; dnsRequestAction: DnsRequestAction }
  | { actionType: "PORT_PROBE"; portProbeAction: PortProbeAction };

export type ThreatIntelligenceDetail = { threatListName: string; threatNames: string[] };

/** GuardDuty's names of the feature behind a finding (service.featureName). */
export type FeatureName = "CloudTrail" | "S3DataEvents" | "FlowLogs" | "DnsLogs" | "Correlation";

export type FindingService = {
  serviceName: "guardduty";
  detectorId: string;
  featureName?: FeatureName;
  action: FindingAction;
  count: number;
  eventFirstSeen: string;
  eventLastSeen: string;
  archived: boolean;
  resourceRole: "TARGET" | "ACTOR";
  evidence?: { threatIntelligenceDetails: ThreatIntelligenceDetail[] };
  /** `value` is a JSON text, as in GuardDuty. */
  additionalInfo: { value: string; type: "default" };
  /** Anomaly findings: the baseline that was broken (detection.anomaly); attack sequences: their signals (detection.sequence). */
  detection?: AnomalyDetection | SequenceDetection;
};

/**
 * Where an occurrence came from: the log object and line, and the record's identity — a CloudTrail
 * eventID, or for flow and DNS records (which have no id) a key made of the fields that tell it apart.
 */
export type SourceEventRef = { eventId?: string; key?: string; object: string; line?: number };

export type Finding = {
  schemaVersion: "2.0";
  accountId: string;
  region: string;
  partition: string;
  id: string;
  arn: string;
  type: string;
  title: string;
  description: string;
  severity: number;
  /** How sure the rule is, 0–10 (GuardDuty's field; findings/confidence.ts). */
  confidence: number;
  createdAt: string;
  updatedAt: string;
  /** The attack sequence this finding is a signal of. */
  associatedAttackSequenceArn?: string;
  resource: FindingResource;
  service: FindingService;
  /**
   * Vigil-only: the newest source events behind the finding (at most MAX_SOURCE_EVENTS), why the
   * confidence is what it is, and for an attack sequence the order of the decision it shows (a later
   * decision replaces it: merge-finding.ts).
   */
  vigil: { sourceEvents: SourceEventRef[]; confidenceReason: string; sequenceDecision?: string };
};
