import type { Finding } from "../api/findings";

// Finding JSON is attacker-influenced: every value is read defensively and only ever shown as text.
type Json = Record<string, unknown>;

function object(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

export type Fact = [label: string, value: string];

function facts(pairs: Array<[string, unknown]>): Fact[] {
  return pairs.flatMap(([label, value]) => {
    const shown = text(value);
    return shown === undefined || shown === "" ? [] : [[label, shown] as Fact];
  });
}

/** The resource in one line: instance id, access key and user, or bucket names. */
export function resourceName(finding: Finding): string {
  const resource = object(finding.resource);
  const instance = object(resource.instanceDetails);
  const accessKey = object(resource.accessKeyDetails);
  const buckets = Array.isArray(resource.s3BucketDetails) ? resource.s3BucketDetails.map((b) => text(object(b).name)).filter(Boolean) : [];
  const name = text(instance.instanceId) ?? (accessKey.userName || accessKey.accessKeyId ? [text(accessKey.userName), text(accessKey.accessKeyId)].filter(Boolean).join(" / ") : undefined) ?? (buckets.length ? buckets.join(", ") : undefined);
  return [text(resource.resourceType), name].filter(Boolean).join(": ");
}

export function resourceFacts(finding: Finding): Fact[] {
  const resource = object(finding.resource);
  const instance = object(resource.instanceDetails);
  const accessKey = object(resource.accessKeyDetails);
  const buckets = Array.isArray(resource.s3BucketDetails) ? resource.s3BucketDetails.map(object) : [];
  return facts([
    ["Resource type", resource.resourceType],
    ["Instance", instance.instanceId],
    ["Instance type", instance.instanceType],
    ["Availability zone", instance.availabilityZone],
    ["Access key", accessKey.accessKeyId],
    ["User name", accessKey.userName],
    ["User type", accessKey.userType],
    ["Principal", accessKey.principalId],
    ...buckets.map((bucket): [string, unknown] => ["Bucket", bucket.name]),
  ]);
}

/** Who or what acted: the API call, connection, DNS request or port probe and the remote side. */
export function actorFacts(finding: Finding): Fact[] {
  const action = object(object(finding.service).action);
  const apiCall = object(action.awsApiCallAction);
  const connection = object(action.networkConnectionAction);
  const dns = object(action.dnsRequestAction);
  const probe = object(Array.isArray(object(action.portProbeAction).portProbeDetails) ? (object(action.portProbeAction).portProbeDetails as unknown[])[0] : undefined);
  const remote = object(apiCall.remoteIpDetails ?? connection.remoteIpDetails ?? probe.remoteIpDetails);
  return facts([
    ["Action", action.actionType],
    ["API", apiCall.api],
    ["Service", apiCall.serviceName],
    ["Caller type", apiCall.callerType],
    ["User agent", apiCall.userAgent],
    ["Error code", apiCall.errorCode],
    ["Direction", connection.connectionDirection],
    ["Protocol", connection.protocol ?? dns.protocol],
    ["Local port", object(connection.localPortDetails ?? probe.localPortDetails).port],
    ["Domain", dns.domain],
    ["Remote IP", remote.ipAddressV4 ?? remote.ipAddressV6],
    ["Country", object(remote.country).countryName],
    ["City", object(remote.city).cityName],
    ["Organisation", object(remote.organization).asnOrg],
    ["Remote account", object(apiCall.remoteAccountDetails).accountId],
  ]);
}
