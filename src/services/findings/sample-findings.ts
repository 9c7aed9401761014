/**
 * GuardDuty's sample findings: one plausible finding per type, built by the real finding builder
 * from a synthetic occurrence, titled "[SAMPLE] …" and marked `additionalInfo.sample = true`. Values
 * are placeholders in GuardDuty's "GeneratedFinding…" style, so nobody mistakes them for real data.
 */
import { type CatalogueEntry, findingTypeCatalogue } from "../../detection/catalogue.js";
import type { ActionSeed, FindingCandidate, FindingTypeMeta } from "../../detection/engine/types.js";
import { buildFinding } from "../../detection/findings/build-finding.js";
import type { Finding, FindingResource, RemoteIpDetails } from "../../detection/findings/types.js";
import type { GeoLookup } from "../../detection/geo/geo-lookup.js";
import { EVENT_RULES, WINDOWED_RULES } from "../../detection/rules/index.js";
import { InvalidInputError } from "../errors.js";

const SAMPLE_TITLE_PREFIX = "[SAMPLE] ";
const SAMPLE_REGION = "us-east-1";
const SAMPLE_REMOTE_IP = "198.51.100.7"; // TEST-NET-2: never a real caller
const SAMPLE_LOCAL_IP = "10.0.0.23";
const MAX_TYPES = 50;

const placeholderGeo: GeoLookup = {
  lookup: (address): RemoteIpDetails => ({
    ipAddressV4: address,
    city: { cityName: "GeneratedFindingCityName" },
    country: { countryCode: "GeneratedFindingCountryCode", countryName: "GeneratedFindingCountryName" },
    geoLocation: { lat: 0, lon: 0 },
    organization: { asn: "-1", asnOrg: "GeneratedFindingASNOrg", isp: "GeneratedFindingISP", org: "GeneratedFindingORG" },
  }),
};

// Plausible values for the placeholders rules use most; any other reads "GeneratedFinding<Name>".
const TEMPLATE_VALUES: Record<string, string> = {
  api: "GeneratedFindingAPIName",
  bucket: "generated-finding-bucket",
  caller: SAMPLE_REMOTE_IP,
  domain: "generatedfindingdomainname.com",
  instance: "i-99999999",
  port: "443",
  portName: "HTTPS",
  principal: "GeneratedFindingPrincipalId",
  protocol: "TCP",
  remote: SAMPLE_REMOTE_IP,
  remoteAccount: "123456789012",
  source: SAMPLE_REMOTE_IP,
  userAgent: "GeneratedFindingUserAgent",
};

function templateValues(meta: FindingTypeMeta, accountId: string): Record<string, string> {
  const known: Record<string, string> = { ...TEMPLATE_VALUES, account: accountId, region: SAMPLE_REGION };
  const names = [...`${meta.title} ${meta.description}`.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
  return Object.fromEntries(names.map((name) => [name, known[name] ?? `GeneratedFinding${name[0].toUpperCase()}${name.slice(1)}`]));
}

const SEVERITY_OF_LABEL: Record<string, number> = { Low: 2, Medium: 5, High: 8 };

function resourceTypeOf(type: string): FindingResource["resourceType"] {
  if (type.includes(":EC2/")) return "Instance";
  if (type.includes(":S3/")) return "S3Bucket";
  return "AccessKey";
}

/** The metadata of a type a rule implements, or a stand-in built from the catalogue for the others. */
function metaOf(entry: CatalogueEntry, implemented: Map<string, FindingTypeMeta>): FindingTypeMeta {
  return (
    implemented.get(entry.type) ?? {
      type: entry.type,
      severity: SEVERITY_OF_LABEL[entry.severity.replace("*", "")] ?? 5,
      dataSource: entry.dataSource,
      method: entry.method,
      resourceType: resourceTypeOf(entry.type),
      resourceRole: "TARGET",
      title: `${entry.type} activity was observed.`,
      description: `This is a sample ${entry.type} finding; its values are placeholders.`,
      mitre: { tactic: "GeneratedFindingTactic", technique: "GeneratedFindingTechnique" },
      aggregation: "sample",
    }
  );
}

function sampleResource(meta: FindingTypeMeta, accountId: string): FindingResource {
  switch (meta.resourceType) {
    case "Instance":
      return {
        resourceType: "Instance",
        instanceDetails: {
          instanceId: TEMPLATE_VALUES.instance,
          availabilityZone: `${SAMPLE_REGION}a`,
          iamInstanceProfile: { arn: `arn:aws:iam::${accountId}:instance-profile/GeneratedFindingInstanceProfile`, id: "GeneratedFindingInstanceProfileId" },
          networkInterfaces: [{ networkInterfaceId: "eni-99999999", privateIpAddress: SAMPLE_LOCAL_IP, publicIp: "203.0.113.10", subnetId: "subnet-99999999", vpcId: "vpc-99999999" }],
        },
      };
    case "S3Bucket":
      return {
        resourceType: "S3Bucket",
        accessKeyDetails: { accessKeyId: "GeneratedFindingAccessKeyId", principalId: TEMPLATE_VALUES.principal, userName: "GeneratedFindingUserName", userType: "IAMUser" },
        s3BucketDetails: [{ arn: `arn:aws:s3:::${TEMPLATE_VALUES.bucket}`, name: TEMPLATE_VALUES.bucket, type: "Destination", owner: { id: "GeneratedFindingOwnerId" }, publicAccess: { effectivePermission: "NOT_PUBLIC" } }],
      };
    case "AccessKey":
      return {
        resourceType: "AccessKey",
        accessKeyDetails: { accessKeyId: "GeneratedFindingAccessKeyId", principalId: TEMPLATE_VALUES.principal, userName: "GeneratedFindingUserName", userType: "IAMUser" },
      };
  }
}

function sampleAction(meta: FindingTypeMeta): ActionSeed {
  if (meta.dataSource === "DNS_QUERY_LOGS") {
    return { actionType: "DNS_REQUEST", domain: TEMPLATE_VALUES.domain, domainWithSuffix: TEMPLATE_VALUES.domain, protocol: "UDP", blocked: false };
  }
  if (meta.dataSource === "VPC_FLOW_LOGS" && meta.type.includes("PortProbe")) {
    return { actionType: "PORT_PROBE", blocked: false, probes: [{ localPort: 80, localIp: SAMPLE_LOCAL_IP, remoteIp: SAMPLE_REMOTE_IP }] };
  }
  if (meta.dataSource === "VPC_FLOW_LOGS") {
    return { actionType: "NETWORK_CONNECTION", connectionDirection: "OUTBOUND", protocol: "TCP", blocked: false, localPort: 39677, remotePort: 443, localIp: SAMPLE_LOCAL_IP, remoteIp: SAMPLE_REMOTE_IP };
  }
  return { actionType: "AWS_API_CALL", api: TEMPLATE_VALUES.api, serviceName: "GeneratedFindingAPIServiceName", caller: SAMPLE_REMOTE_IP, userAgent: TEMPLATE_VALUES.userAgent, affectedResources: {} };
}

/** The catalogue entries to sample: all of them when `types` is empty, else exactly those named. */
export function sampleTypes(types: readonly string[] | null | undefined): CatalogueEntry[] {
  const catalogue = findingTypeCatalogue();
  if (!types || types.length === 0) return catalogue;
  if (types.length > MAX_TYPES) throw new InvalidInputError(`At most ${MAX_TYPES} finding types per call.`);
  const byType = new Map(catalogue.map((entry) => [entry.type, entry]));
  return [...new Set(types)].map((type) => {
    const entry = byType.get(type);
    if (!entry) throw new InvalidInputError(`Unknown finding type "${type}".`);
    return entry;
  });
}

export function buildSampleFindings(entries: readonly CatalogueEntry[], target: { detectorId: string; accountId: string; now: number }): Finding[] {
  const implemented = new Map([...EVENT_RULES, ...WINDOWED_RULES].flatMap((rule) => rule.findingTypes.map((meta) => [meta.type, meta] as const)));
  return entries.map((entry) => {
    const meta = metaOf(entry, implemented);
    const candidate: FindingCandidate = {
      meta,
      severity: meta.severity,
      accountId: target.accountId,
      region: SAMPLE_REGION,
      aggregationKey: "sample",
      time: target.now,
      resource: sampleResource(meta, target.accountId),
      action: sampleAction(meta),
      templateValues: templateValues(meta, target.accountId),
      additionalInfo: { sample: true },
      source: { object: "sample" },
    };
    const finding = buildFinding(candidate, { detectorId: target.detectorId, geo: placeholderGeo, now: target.now });
    return { ...finding, title: `${SAMPLE_TITLE_PREFIX}${finding.title}` };
  });
}
