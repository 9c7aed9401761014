import type { Request } from "./graphql-client";

export type Feedback = "USEFUL" | "NOT_USEFUL";

export type SourceEvent = { object: string; line: number | null; eventId: string | null; key: string | null };

// The typed resource and service (GraphQL's Resource and Service), the parts the console shows. Values
// come from logs an attacker can write to: they are only ever rendered as text.
type Maybe<T> = T | null;
export type Tag = { key: Maybe<string>; value: Maybe<string> };
export type SecurityGroup = { groupId: Maybe<string>; groupName: Maybe<string> };
export type NetworkInterface = {
  networkInterfaceId: Maybe<string>;
  privateIpAddress: Maybe<string>;
  privateDnsName: Maybe<string>;
  publicIp: Maybe<string>;
  publicDnsName: Maybe<string>;
  subnetId: Maybe<string>;
  vpcId: Maybe<string>;
  securityGroups: Maybe<SecurityGroup[]>;
};
export type InstanceDetails = {
  instanceId: Maybe<string>;
  instanceType: Maybe<string>;
  instanceState: Maybe<string>;
  launchTime: Maybe<string>;
  platform: Maybe<string>;
  availabilityZone: Maybe<string>;
  imageId: Maybe<string>;
  imageDescription: Maybe<string>;
  iamInstanceProfile: Maybe<{ arn: Maybe<string> }>;
  networkInterfaces: Maybe<NetworkInterface[]>;
  tags: Maybe<Tag[]>;
};
export type ResourceDetails = {
  resourceType: string;
  accessKeyDetails: Maybe<{ accessKeyId: Maybe<string>; principalId: Maybe<string>; userName: Maybe<string>; userType: Maybe<string> }>;
  instanceDetails: Maybe<InstanceDetails>;
  s3BucketDetails: Maybe<Array<{ name: Maybe<string>; arn: Maybe<string>; type: Maybe<string>; publicAccess: Maybe<{ effectivePermission: Maybe<string> }> }>>;
};
export type RemoteIpDetails = {
  ipAddressV4: Maybe<string>;
  ipAddressV6: Maybe<string>;
  city: Maybe<{ cityName: Maybe<string> }>;
  country: Maybe<{ countryName: Maybe<string> }>;
  organization: Maybe<{ asn: Maybe<string>; asnOrg: Maybe<string> }>;
};
export type PortDetails = { port: Maybe<number>; portName: Maybe<string> };
export type Action = {
  actionType: string;
  awsApiCallAction: Maybe<{
    api: Maybe<string>;
    serviceName: Maybe<string>;
    callerType: Maybe<string>;
    userAgent: Maybe<string>;
    errorCode: Maybe<string>;
    remoteIpDetails: Maybe<RemoteIpDetails>;
    remoteAccountDetails: Maybe<{ accountId: Maybe<string> }>;
  }>;
  networkConnectionAction: Maybe<{
    connectionDirection: Maybe<string>;
    protocol: Maybe<string>;
    blocked: Maybe<boolean>;
    localPortDetails: Maybe<PortDetails>;
    remotePortDetails: Maybe<PortDetails>;
    remoteIpDetails: Maybe<RemoteIpDetails>;
  }>;
  portProbeAction: Maybe<{ blocked: Maybe<boolean>; portProbeDetails: Array<{ localPortDetails: Maybe<PortDetails>; remoteIpDetails: Maybe<RemoteIpDetails> }> }>;
  dnsRequestAction: Maybe<{ domain: Maybe<string>; protocol: Maybe<string>; blocked: Maybe<boolean> }>;
};
export type ServiceDetails = {
  featureName: Maybe<string>;
  resourceRole: Maybe<string>;
  action: Maybe<Action>;
  evidence: Maybe<{ threatIntelligenceDetails: Array<{ threatListName: Maybe<string>; threatNames: string[] }> }>;
  additionalInfo: { threatListName: Maybe<string>; threatName: Maybe<string>; context: Maybe<string> };
};

export type Finding = {
  id: string;
  accountId: string;
  /** The finding's own detector (a member's, for its administrator). */
  detectorId: string;
  type: string;
  title: string;
  description: string;
  severity: number;
  severityLabel: string;
  count: number;
  archived: boolean;
  feedback: Feedback | null;
  region: string;
  partition: string;
  arn: string;
  schemaVersion: string;
  createdAt: string;
  updatedAt: string;
  /** 0-10; null on findings stored before Vigil recorded it. */
  confidence: number | null;
  confidenceReason: string | null;
  /** GuardDuty's JSON, shown and copied as it is. */
  resource: Record<string, unknown>;
  service: Record<string, unknown>;
  resourceDetails: ResourceDetails;
  serviceDetails: ServiceDetails;
  sourceEvents: SourceEvent[];
};

export type Criterion = {
  attribute: string;
  equals?: string[];
  matches?: string[];
  greaterThanOrEqual?: number;
  lessThan?: number;
};
export type FindingCriteria = { criterion: Criterion[] };
export type SortCriteria = { attributeName: string; orderBy: "ASC" | "DESC" };
export type FindingPage = { findings: Finding[]; nextCursor: string | null };
export type FindingEvent = { change: "CREATED" | "UPDATED"; finding: Finding };

const REMOTE_IP = "remoteIpDetails { ipAddressV4 ipAddressV6 city { cityName } country { countryName } organization { asn asnOrg } }";
const PORT = "{ port portName }";
const RESOURCE_DETAILS = `resourceDetails { resourceType
  accessKeyDetails { accessKeyId principalId userName userType }
  instanceDetails { instanceId instanceType instanceState launchTime platform availabilityZone imageId imageDescription iamInstanceProfile { arn } tags { key value }
    networkInterfaces { networkInterfaceId privateIpAddress privateDnsName publicIp publicDnsName subnetId vpcId securityGroups { groupId groupName } } }
  s3BucketDetails { name arn type publicAccess { effectivePermission } } }`;
const SERVICE_DETAILS = `serviceDetails { featureName resourceRole
  evidence { threatIntelligenceDetails { threatListName threatNames } }
  additionalInfo { threatListName threatName context }
  action { actionType
    awsApiCallAction { api serviceName callerType userAgent errorCode ${REMOTE_IP} remoteAccountDetails { accountId } }
    networkConnectionAction { connectionDirection protocol blocked localPortDetails ${PORT} remotePortDetails ${PORT} ${REMOTE_IP} }
    portProbeAction { blocked portProbeDetails { localPortDetails ${PORT} ${REMOTE_IP} } }
    dnsRequestAction { domain protocol blocked } } }`;
const FINDING_FIELDS = `id accountId detectorId type title description severity severityLabel count archived feedback region partition arn schemaVersion createdAt updatedAt
  confidence confidenceReason resource service ${RESOURCE_DETAILS} ${SERVICE_DETAILS} sourceEvents { object line eventId key }`;

export const FINDINGS_SUBSCRIPTION = `subscription($d: ID!, $c: FindingCriteriaInput) {
  findings(detectorId: $d, findingCriteria: $c) { change finding { ${FINDING_FIELDS} } } }`;

export async function listFindings(
  request: Request,
  detectorId: string,
  criteria: FindingCriteria,
  sort: SortCriteria,
  after: string | null,
  pageSize: number,
): Promise<FindingPage> {
  const data = await request<{ listFindings: FindingPage }>(
    `query($d: ID!, $c: FindingCriteriaInput, $s: SortCriteriaInput, $after: String, $first: Int) {
      listFindings(detectorId: $d, findingCriteria: $c, sortCriteria: $s, after: $after, first: $first) { findings { ${FINDING_FIELDS} } nextCursor } }`,
    { d: detectorId, c: criteria, s: sort, after, first: pageSize },
  );
  return data.listFindings;
}

/** One finding by id, or null when the caller cannot see it (or it is gone). */
export async function getFinding(request: Request, detectorId: string, findingId: string): Promise<Finding | null> {
  const data = await request<{ getFindings: Finding[] }>(`query($d: ID!, $ids: [String!]!) { getFindings(detectorId: $d, findingIds: $ids) { ${FINDING_FIELDS} } }`, {
    d: detectorId,
    ids: [findingId],
  });
  return data.getFindings[0] ?? null;
}

/** The API archives up to this many findings a call. */
const ARCHIVE_BATCH = 50;

export async function setArchived(request: Request, detectorId: string, findingIds: string[], archived: boolean): Promise<void> {
  const operation = archived ? "archiveFindings" : "unarchiveFindings";
  for (let start = 0; start < findingIds.length; start += ARCHIVE_BATCH) {
    const ids = findingIds.slice(start, start + ARCHIVE_BATCH);
    await request(`mutation($d: ID!, $ids: [String!]!) { ${operation}(detectorId: $d, findingIds: $ids) }`, { d: detectorId, ids });
  }
}

export async function giveFeedback(request: Request, detectorId: string, findingId: string, feedback: Feedback): Promise<void> {
  await request(`mutation($d: ID!, $ids: [String!]!, $f: Feedback!) { updateFindingsFeedback(detectorId: $d, findingIds: $ids, feedback: $f) }`, {
    d: detectorId,
    ids: [findingId],
    f: feedback,
  });
}

/** A suppression rule: new findings matching the criteria are archived as they are written. */
export async function createSuppressionRule(request: Request, detectorId: string, name: string, criteria: FindingCriteria): Promise<void> {
  await request(`mutation($d: ID!, $n: String!, $c: FindingCriteriaInput!) { createFilter(detectorId: $d, name: $n, findingCriteria: $c, action: ARCHIVE) { name } }`, {
    d: detectorId,
    n: name,
    c: criteria,
  });
}
