/**
 * The finding attributes a FindingCriteria may name: GuardDuty's documented attribute paths
 * (reference §6) for the parts of the finding Vigil fills. Each maps to where the value lives in the
 * finding JSON and, for the fields copied into query columns, to that column, so SQL uses the
 * column (and its indexes) while the in-memory matcher reads the same value from the JSON.
 */

/** How values are compared: timestamps are epoch milliseconds in criteria. */
export type AttributeKind = "string" | "number" | "boolean" | "timestamp";

export type FindingColumn = "id" | "accountId" | "region" | "type" | "severity" | "resourceType" | "archived" | "count" | "createdAt" | "updatedAt" | "eventFirstSeen" | "eventLastSeen";

export type AttributeSpec = {
  /** The path as GuardDuty documents it, e.g. "resource.instanceDetails.instanceId". */
  path: string;
  kind: AttributeKind;
  /** Keys leading to the value in the finding JSON; arrays on the way are looked through. */
  json: readonly string[];
  column?: FindingColumn;
};

const spec = (path: string, kind: AttributeKind, options: { column?: FindingColumn; json?: string } = {}): AttributeSpec => ({
  path,
  kind,
  json: (options.json ?? path).split("."),
  column: options.column,
});
const text = (path: string, json?: string) => spec(path, "string", { json });
const number = (path: string) => spec(path, "number");
const flag = (path: string) => spec(path, "boolean");

/** GuardDuty's remoteIpDetails block, which several actions share. */
function remoteIpDetails(prefix: string): AttributeSpec[] {
  return [
    text(`${prefix}.city.cityName`),
    text(`${prefix}.country.countryCode`),
    text(`${prefix}.country.countryName`),
    number(`${prefix}.geoLocation.lat`),
    number(`${prefix}.geoLocation.lon`),
    text(`${prefix}.ipAddressV4`),
    text(`${prefix}.ipAddressV6`),
    text(`${prefix}.organization.asn`),
    text(`${prefix}.organization.asnOrg`),
    text(`${prefix}.organization.isp`),
    text(`${prefix}.organization.org`),
  ];
}

const API_CALL = "service.action.awsApiCallAction";
const NETWORK = "service.action.networkConnectionAction";
const DNS = "service.action.dnsRequestAction";
const PROBE = "service.action.portProbeAction.portProbeDetails";
const INSTANCE = "resource.instanceDetails";
const INTERFACES = `${INSTANCE}.networkInterfaces`;
const BUCKET = "resource.s3BucketDetails";
const BUCKET_PERMISSIONS = `${BUCKET}.publicAccess.permissionConfiguration`;

const ATTRIBUTES: AttributeSpec[] = [
  // Top level
  spec("accountId", "string", { column: "accountId" }),
  text("arn"),
  text("associatedAttackSequenceArn"),
  number("confidence"),
  spec("createdAt", "timestamp", { column: "createdAt" }),
  spec("id", "string", { column: "id" }),
  text("partition"),
  spec("region", "string", { column: "region" }),
  text("schemaVersion"),
  spec("severity", "number", { column: "severity" }),
  spec("type", "string", { column: "type" }),
  spec("updatedAt", "timestamp", { column: "updatedAt" }),

  // resource
  spec("resource.resourceType", "string", { column: "resourceType" }),
  text("resource.accessKeyDetails.accessKeyId"),
  text("resource.accessKeyDetails.principalId"),
  text("resource.accessKeyDetails.userName"),
  text("resource.accessKeyDetails.userType"),
  text(`${INSTANCE}.availabilityZone`),
  text(`${INSTANCE}.iamInstanceProfile.arn`),
  text(`${INSTANCE}.iamInstanceProfile.id`),
  text(`${INSTANCE}.imageId`),
  text(`${INSTANCE}.imageDescription`),
  text(`${INSTANCE}.instanceId`),
  text(`${INSTANCE}.instanceState`),
  text(`${INSTANCE}.instanceType`),
  spec(`${INSTANCE}.launchTime`, "timestamp"),
  text(`${INSTANCE}.outpostArn`),
  text(`${INSTANCE}.platform`),
  text(`${INSTANCE}.productCodes.code`),
  text(`${INSTANCE}.productCodes.productType`),
  text(`${INSTANCE}.tags.key`),
  text(`${INSTANCE}.tags.value`),
  text(`${INTERFACES}.ipv6Addresses`),
  text(`${INTERFACES}.networkInterfaceId`),
  text(`${INTERFACES}.privateDnsName`),
  text(`${INTERFACES}.privateIpAddress`),
  text(`${INTERFACES}.privateIpAddresses.privateDnsName`),
  text(`${INTERFACES}.privateIpAddresses.privateIpAddress`),
  text(`${INTERFACES}.publicDnsName`),
  text(`${INTERFACES}.publicIp`),
  text(`${INTERFACES}.securityGroups.groupId`),
  text(`${INTERFACES}.securityGroups.groupName`),
  text(`${INTERFACES}.subnetId`),
  text(`${INTERFACES}.vpcId`),
  text(`${BUCKET}.arn`),
  text(`${BUCKET}.name`),
  text(`${BUCKET}.type`),
  spec(`${BUCKET}.createdAt`, "timestamp"),
  text(`${BUCKET}.owner.id`),
  text(`${BUCKET}.tags.key`),
  text(`${BUCKET}.tags.value`),
  text(`${BUCKET}.defaultServerSideEncryption.encryptionType`),
  text(`${BUCKET}.defaultServerSideEncryption.kmsMasterKeyArn`),
  text(`${BUCKET}.publicAccess.effectivePermission`),
  ...["accessControlList", "bucketPolicy", "blockPublicAccess"].flatMap((part) => [
    flag(`${BUCKET_PERMISSIONS}.bucketLevelPermissions.${part}.allowsPublicReadAccess`),
    flag(`${BUCKET_PERMISSIONS}.bucketLevelPermissions.${part}.allowsPublicWriteAccess`),
  ]),
  ...["ignorePublicAcls", "restrictPublicBuckets", "blockPublicAcls", "blockPublicPolicy"].flatMap((setting) => [
    flag(`${BUCKET_PERMISSIONS}.bucketLevelPermissions.blockPublicAccess.${setting}`),
    flag(`${BUCKET_PERMISSIONS}.accountLevelPermissions.blockPublicAccess.${setting}`),
  ]),

  // service
  text("service.action.actionType"),
  text(`${API_CALL}.api`),
  text(`${API_CALL}.callerType`),
  text(`${API_CALL}.errorCode`),
  text(`${API_CALL}.serviceName`),
  text(`${API_CALL}.userAgent`),
  text(`${API_CALL}.domainDetails.domain`),
  text(`${API_CALL}.remoteAccountDetails.accountId`),
  flag(`${API_CALL}.remoteAccountDetails.affiliated`),
  ...remoteIpDetails(`${API_CALL}.remoteIpDetails`),
  text(`${DNS}.domain`),
  text(`${DNS}.domainWithSuffix`),
  text(`${DNS}.protocol`),
  flag(`${DNS}.blocked`),
  text(`${DNS}.vpcOwnerAccountId`),
  flag(`${NETWORK}.blocked`),
  text(`${NETWORK}.connectionDirection`),
  text(`${NETWORK}.protocol`),
  number(`${NETWORK}.localPortDetails.port`),
  text(`${NETWORK}.localPortDetails.portName`),
  text(`${NETWORK}.localIpDetails.ipAddressV4`),
  text(`${NETWORK}.localIpDetails.ipAddressV6`),
  number(`${NETWORK}.remotePortDetails.port`),
  text(`${NETWORK}.remotePortDetails.portName`),
  ...remoteIpDetails(`${NETWORK}.remoteIpDetails`),
  flag("service.action.portProbeAction.blocked"),
  number(`${PROBE}.localPortDetails.port`),
  text(`${PROBE}.localPortDetails.portName`),
  text(`${PROBE}.localIpDetails.ipAddressV4`),
  text(`${PROBE}.localIpDetails.ipAddressV6`),
  ...remoteIpDetails(`${PROBE}.remoteIpDetails`),
  // GuardDuty's additionalInfo is a JSON text; the list name is also structured in the evidence.
  text("service.additionalInfo.threatListName", "service.evidence.threatIntelligenceDetails.threatListName"),
  text("service.evidence.threatIntelligenceDetails.threatListName"),
  text("service.evidence.threatIntelligenceDetails.threatNames"),
  spec("service.archived", "boolean", { column: "archived" }),
  spec("service.count", "number", { column: "count" }),
  spec("service.eventFirstSeen", "timestamp", { column: "eventFirstSeen" }),
  spec("service.eventLastSeen", "timestamp", { column: "eventLastSeen" }),
  text("service.detectorId"),
  text("service.featureName"),
  text("service.resourceRole"),
  text("service.userFeedback"),
  text("service.ebsVolumeScanDetails.scanId"),
];

export const FINDING_ATTRIBUTES: ReadonlyMap<string, AttributeSpec> = new Map(ATTRIBUTES.map((attribute) => [attribute.path, attribute]));
