/**
 * Instance findings described from the inventory, in GuardDuty's instanceDetails field names. A flow
 * record names its interface (and from v3 its instance), a DNS query its instance or address: the
 * inventory record found by them adds the instance's type, image, state, launch time, tags, profile
 * and interfaces. A finding whose instance the inventory does not hold keeps what its records told.
 */
import type { Finding, InstanceDetails, NetworkInterfaceDetails } from "../findings/types.js";
import { latest, lookupKey, type InstanceRecord, type InterfaceRecord, type Stamped } from "./inventory-model.js";

/** The records found for a batch of findings, and the names of the security groups they reference. */
export type InventorySnapshot = { records: readonly InstanceRecord[]; groupNames: ReadonlyMap<string, string> };

const INSTANCE_ID = /^i-[0-9a-f]+$/;

function known(details: InstanceDetails | undefined) {
  const instanceId = details && INSTANCE_ID.test(details.instanceId) ? details.instanceId : undefined;
  const interfaces = details?.networkInterfaces ?? [];
  return {
    instanceId,
    interfaceIds: interfaces.map((eni) => eni.networkInterfaceId).filter((id): id is string => id !== undefined),
    privateIps: interfaces.map((eni) => eni.privateIpAddress).filter((address): address is string => address !== undefined),
  };
}

/** The keys an instance finding's instance may be stored under; none for other findings. */
export function inventoryKeysOf(finding: Finding): string[] {
  if (finding.resource.resourceType !== "Instance") return [];
  const { instanceId, interfaceIds, privateIps } = known(finding.resource.instanceDetails);
  return [
    ...(instanceId ? [lookupKey.instance(instanceId)] : []),
    ...interfaceIds.map(lookupKey.networkInterface),
    ...privateIps.map(lookupKey.privateIp),
  ];
}

function launchedAt(record: InstanceRecord): number {
  return record.launch?.at ?? Number.NEGATIVE_INFINITY;
}

/**
 * The finding's instance: by instance id, else by interface id, else by private address — an address
 * is reused once its instance is gone, so among its holders a live one, the latest launched, before
 * the activity ended. Only the finding's own account's records are considered.
 */
export function matchingRecord(finding: Finding, records: readonly InstanceRecord[]): InstanceRecord | undefined {
  const own = records.filter((record) => record.accountId === finding.accountId);
  const { instanceId, interfaceIds, privateIps } = known(finding.resource.instanceDetails);
  if (instanceId) return own.find((record) => record.instanceId === instanceId);
  if (interfaceIds.length > 0) return own.find((record) => interfaceIds.some((id) => id in record.interfaces));
  const vpcs = new Set(finding.resource.instanceDetails?.networkInterfaces?.map((eni) => eni.vpcId).filter((vpc) => vpc !== undefined));
  const lastSeen = Date.parse(finding.service.eventLastSeen);
  const holders = own.filter(
    (record) =>
      (finding.region === "unknown" || record.region === finding.region) &&
      launchedAt(record) <= lastSeen &&
      Object.values(record.interfaces).some(
        (eni) => (vpcs.size === 0 || (eni.vpcId !== undefined && vpcs.has(eni.vpcId))) && privateIps.some((address) => eni.privateIpAddress === address || eni.privateIpAddresses.some((held) => held.privateIpAddress === address)),
      ),
  );
  const live = holders.filter((record) => record.state?.value !== "terminated");
  return (live.length > 0 ? live : holders).sort((a, b) => launchedAt(b) - launchedAt(a))[0];
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function describeInterface(networkInterfaceId: string, eni: InterfaceRecord, record: InstanceRecord, primary: boolean, groupNames: ReadonlyMap<string, string>): NetworkInterfaceDetails {
  const groups = primary ? latest(eni.groups, record.primaryGroups) : eni.groups;
  const address = primary ? latest(eni.publicAddress, record.primaryPublicAddress) : eni.publicAddress;
  return defined({
    networkInterfaceId,
    privateDnsName: eni.privateDnsName,
    privateIpAddress: eni.privateIpAddress,
    privateIpAddresses: eni.privateIpAddresses.map((held) => defined({ privateDnsName: held.privateDnsName, privateIpAddress: held.privateIpAddress })),
    publicDnsName: address?.value?.publicDnsName,
    publicIp: address?.value?.publicIp,
    ipv6Addresses: eni.ipv6Addresses,
    subnetId: eni.subnetId,
    vpcId: eni.vpcId,
    securityGroups: groups?.value.map((groupId) => defined({ groupId, groupName: groupNames.get(groupId) })),
  });
}

/** The record as GuardDuty's instanceDetails: interfaces in device order (the primary, device 0, first). */
export function describeInstance(record: InstanceRecord, groupNames: ReadonlyMap<string, string>): InstanceDetails {
  const launch = record.launch?.value;
  const launchType: Stamped<string> | undefined = record.launch && launch?.instanceType ? { ...record.launch, value: launch.instanceType } : undefined;
  const interfaces = Object.entries(record.interfaces).sort(([, a], [, b]) => (a.deviceIndex ?? Number.MAX_SAFE_INTEGER) - (b.deviceIndex ?? Number.MAX_SAFE_INTEGER));
  const tags = Object.entries(record.tags)
    .filter((entry): entry is [string, Stamped<string>] => entry[1].value !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, tag]) => ({ key, value: tag.value }));
  const profile = record.iamInstanceProfile?.value;
  return defined({
    instanceId: record.instanceId,
    instanceType: latest(launchType, record.instanceType)?.value,
    instanceState: record.state?.value,
    launchTime: launch?.launchTime,
    platform: launch?.platform,
    availabilityZone: launch?.availabilityZone,
    imageId: launch?.imageId,
    iamInstanceProfile: profile ? defined(profile) : undefined,
    networkInterfaces: interfaces.length > 0 ? interfaces.map(([id, eni], i) => describeInterface(id, eni, record, eni.deviceIndex === 0 || (i === 0 && eni.deviceIndex === undefined), groupNames)) : undefined,
    productCodes: launch ? launch.productCodes : undefined,
    tags: Object.keys(record.tags).length > 0 ? tags : undefined,
  });
}

/** The inventory's interfaces, each completed with what the finding's record saw on it; interfaces only the finding knows are kept after them. */
function mergedInterfaces(seen: readonly NetworkInterfaceDetails[], described: readonly NetworkInterfaceDetails[]): NetworkInterfaceDetails[] {
  const used = new Set<NetworkInterfaceDetails>();
  const merged = described.map((eni) => {
    const match = seen.find((entry) => !used.has(entry) && (entry.networkInterfaceId ? entry.networkInterfaceId === eni.networkInterfaceId : entry.privateIpAddress !== undefined && entry.privateIpAddress === eni.privateIpAddress));
    if (!match) return eni;
    used.add(match);
    return { ...defined(match), ...eni };
  });
  return [...merged, ...seen.filter((entry) => !used.has(entry))];
}

/** The finding with its instance described from the snapshot, or the finding itself when the inventory does not hold its instance. */
export function describedFinding(finding: Finding, snapshot: InventorySnapshot): Finding {
  const seen = finding.resource.instanceDetails;
  if (finding.resource.resourceType !== "Instance" || !seen) return finding;
  const record = matchingRecord(finding, snapshot.records);
  if (!record) return finding;
  const described = describeInstance(record, snapshot.groupNames);
  const networkInterfaces = mergedInterfaces(seen.networkInterfaces ?? [], described.networkInterfaces ?? []);
  const instanceDetails: InstanceDetails = { ...seen, ...described, ...(networkInterfaces.length > 0 ? { networkInterfaces } : {}) };
  return { ...finding, resource: { ...finding.resource, instanceDetails } };
}
