import type { Finding, NetworkInterface, RemoteIpDetails } from "../api/findings";

// Finding values are attacker-influenced: they are only ever shown as text.
export type Fact = [label: string, value: string];

type Shown = string | number | boolean | null | undefined;

function facts(pairs: Array<[string, Shown]>): Fact[] {
  return pairs.flatMap(([label, value]) => (value === null || value === undefined || value === "" ? [] : [[label, String(value)] as Fact]));
}

const joined = (values: Array<string | null | undefined>) => values.filter(Boolean).join(", ") || null;

/** The resource in one line: instance id, access key and user, or bucket names. */
export function resourceName(finding: Finding): string {
  const { resourceType, instanceDetails, accessKeyDetails, s3BucketDetails } = finding.resourceDetails;
  const key = [accessKeyDetails?.userName, accessKeyDetails?.accessKeyId].filter(Boolean).join(" / ") || null;
  const name = instanceDetails?.instanceId ?? key ?? joined((s3BucketDetails ?? []).map((bucket) => bucket.name));
  return [resourceType, name].filter(Boolean).join(": ");
}

function interfaceFacts(eni: NetworkInterface, many: boolean): Array<[string, Shown]> {
  const label = (name: string) => (many && eni.networkInterfaceId ? `${name} (${eni.networkInterfaceId})` : name);
  return [
    ["Network interface", eni.networkInterfaceId],
    [label("Private IP"), eni.privateIpAddress],
    [label("Private DNS"), eni.privateDnsName],
    [label("Public IP"), eni.publicIp],
    [label("Public DNS"), eni.publicDnsName],
    [label("Subnet"), eni.subnetId],
    [label("VPC"), eni.vpcId],
    [label("Security groups"), joined((eni.securityGroups ?? []).map((group) => [group.groupId, group.groupName && `(${group.groupName})`].filter(Boolean).join(" ")))],
  ];
}

export function resourceFacts(finding: Finding): Fact[] {
  const { resourceType, instanceDetails: instance, accessKeyDetails: key, s3BucketDetails } = finding.resourceDetails;
  const interfaces = instance?.networkInterfaces ?? [];
  return facts([
    ["Resource type", resourceType],
    ["Instance", instance?.instanceId],
    ["Instance type", instance?.instanceType],
    ["State", instance?.instanceState],
    ["Image", joined([instance?.imageId, instance?.imageDescription])],
    ["Launched", instance?.launchTime],
    ["Platform", instance?.platform],
    ["Availability zone", instance?.availabilityZone],
    ["Instance profile", instance?.iamInstanceProfile?.arn],
    ["Tags", joined((instance?.tags ?? []).map((tag) => `${tag.key ?? ""}=${tag.value ?? ""}`))],
    ...interfaces.flatMap((eni) => interfaceFacts(eni, interfaces.length > 1)),
    ["Access key", key?.accessKeyId],
    ["User name", key?.userName],
    ["User type", key?.userType],
    ["Principal", key?.principalId],
    ...(s3BucketDetails ?? []).flatMap((bucket): Array<[string, Shown]> => [
      ["Bucket", bucket.name],
      ["Bucket access", bucket.publicAccess?.effectivePermission],
    ]),
  ]);
}

const port = (details: { port: number | null; portName: string | null } | null | undefined) =>
  details?.port === null || details?.port === undefined ? null : [details.port, details.portName && details.portName !== "Unknown" ? `(${details.portName})` : null].filter(Boolean).join(" ");

/** Who or what acted: the API call, connection, DNS request or port probe and the remote side. */
export function actorFacts(finding: Finding): Fact[] {
  const action = finding.serviceDetails.action;
  const apiCall = action?.awsApiCallAction;
  const connection = action?.networkConnectionAction;
  const dns = action?.dnsRequestAction;
  const probes = action?.portProbeAction?.portProbeDetails ?? [];
  const remote: RemoteIpDetails | null | undefined = apiCall?.remoteIpDetails ?? connection?.remoteIpDetails ?? probes[0]?.remoteIpDetails;
  return facts([
    ["Action", action?.actionType],
    ["API", apiCall?.api],
    ["Service", apiCall?.serviceName],
    ["Caller type", apiCall?.callerType],
    ["User agent", apiCall?.userAgent],
    ["Error code", apiCall?.errorCode],
    ["Direction", connection?.connectionDirection],
    ["Protocol", connection?.protocol ?? dns?.protocol],
    ["Local port", port(connection?.localPortDetails ?? probes[0]?.localPortDetails)],
    ["Remote port", port(connection?.remotePortDetails)],
    ["Probed ports", probes.length > 1 ? joined(probes.map((probe) => port(probe.localPortDetails))) : null],
    ["Blocked", connection?.blocked ?? dns?.blocked ?? action?.portProbeAction?.blocked],
    ["Domain", dns?.domain],
    ["Remote IP", remote?.ipAddressV4 ?? remote?.ipAddressV6],
    ["Country", remote?.country?.countryName],
    ["City", remote?.city?.cityName],
    ["Organisation", joined([remote?.organization?.asnOrg, remote?.organization?.asn && `AS${remote.organization.asn}`])],
    ["Remote account", apiCall?.remoteAccountDetails?.accountId],
  ]);
}

/** Why Vigil raised it and how sure it is: the confidence and its reason, the feature, the lists that matched. */
export function evidenceFacts(finding: Finding): Fact[] {
  const { featureName, additionalInfo, evidence } = finding.serviceDetails;
  const lists = (evidence?.threatIntelligenceDetails ?? []).map(({ threatListName, threatNames }) => [threatListName, threatNames.length ? `(${threatNames.join(", ")})` : null].filter(Boolean).join(" "));
  return facts([
    ["Confidence", finding.confidence === null ? null : `${finding.confidence} / 10`],
    ["Why", finding.confidenceReason],
    ["Detected in", featureName],
    ["Threat list", joined(lists) ?? additionalInfo.threatListName],
    ["Threat", additionalInfo.threatName],
    ["Context", additionalInfo.context],
  ]);
}
