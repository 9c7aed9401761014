/**
 * The inventory changes a CloudTrail record carries. Only calls EC2 accepted count: a call with an
 * errorCode (denied, dry run) changed nothing. What a call settles into is recorded (a StopInstances
 * answered "stopping" is a stopped instance), because CloudTrail logs the request, not the moment the
 * state is reached, and nothing else will tell.
 */
import type { CloudTrailEvent } from "../events.js";
import type { IamInstanceProfile, InstanceTarget, InventoryChange, LaunchedInterface, PublicAddress } from "./inventory-model.js";

type Json = Record<string, unknown>;

const SETTLED: Record<string, string> = { pending: "running", stopping: "stopped", "shutting-down": "terminated" };

function object(value: unknown): Json | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The members of an EC2 set, which CloudTrail writes `{"items": […]}` (or, in places, `{"item": […]}`). */
function items(set: unknown): Json[] {
  const holder = object(set);
  const list = holder?.items ?? holder?.item;
  return Array.isArray(list) ? list.map(object).filter((item): item is Json => item !== undefined) : [];
}

function groupIds(set: unknown): string[] {
  return items(set).map((group) => text(group.groupId)).filter((id): id is string => id !== undefined);
}

function tagsOf(set: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of items(set)) {
    const key = text(tag.key);
    if (key) tags[key] = typeof tag.value === "string" ? tag.value : "";
  }
  return tags;
}

function settled(state: unknown): string | undefined {
  const name = text(object(state)?.name);
  return name ? (SETTLED[name] ?? name) : undefined;
}

function isoTime(value: unknown): string | undefined {
  const time = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : Number.NaN;
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

function profileOf(value: unknown): IamInstanceProfile | undefined {
  const profile = object(value);
  if (!profile) return undefined;
  return { arn: text(profile.arn), id: text(profile.id) };
}

function publicAddressOf(association: unknown): PublicAddress | undefined {
  const publicIp = text(object(association)?.publicIp);
  return publicIp ? { publicIp, publicDnsName: text(object(association)?.publicDnsName) } : undefined;
}

function launchedInterface(item: Json): LaunchedInterface | undefined {
  const networkInterfaceId = text(item.networkInterfaceId);
  if (!networkInterfaceId) return undefined;
  const deviceIndex = object(item.attachment)?.deviceIndex;
  const privateIpAddresses = items(item.privateIpAddressesSet)
    .map((address) => ({ privateIpAddress: text(address.privateIpAddress), privateDnsName: text(address.privateDnsName) }))
    .filter((address): address is { privateIpAddress: string; privateDnsName: string | undefined } => address.privateIpAddress !== undefined);
  return {
    networkInterfaceId,
    deviceIndex: typeof deviceIndex === "number" ? deviceIndex : undefined,
    privateIpAddress: text(item.privateIpAddress),
    privateDnsName: text(item.privateDnsName),
    privateIpAddresses,
    ipv6Addresses: items(item.ipv6AddressesSet).map((address) => text(address.ipv6Address)).filter((address): address is string => address !== undefined),
    subnetId: text(item.subnetId),
    vpcId: text(item.vpcId),
    groups: groupIds(item.groupSet),
    publicAddress: publicAddressOf(item.association),
  };
}

function launches(event: CloudTrailEvent, scope: Scope): InventoryChange[] {
  const changes: InventoryChange[] = [];
  for (const item of items(event.responseElements?.instancesSet)) {
    const instanceId = text(item.instanceId);
    if (!instanceId) continue;
    const interfaces = items(item.networkInterfaceSet).map(launchedInterface).filter((eni): eni is LaunchedInterface => eni !== undefined);
    changes.push({
      ...scope,
      kind: "launch",
      instanceId,
      details: {
        instanceType: text(item.instanceType),
        imageId: text(item.imageId),
        launchTime: isoTime(item.launchTime),
        availabilityZone: text(object(item.placement)?.availabilityZone),
        platform: text(item.platform),
        productCodes: items(item.productCodes).map((code) => ({ code: text(code.productCode), productType: text(code.type) })),
      },
      state: settled(item.instanceState),
      iamInstanceProfile: profileOf(item.iamInstanceProfile),
      tags: tagsOf(item.tagSet),
      interfaces,
    });
    for (const group of items(item.groupSet)) {
      const groupId = text(group.groupId);
      const groupName = text(group.groupName);
      if (groupId && groupName) changes.push({ ...scope, kind: "securityGroup", groupId, groupName, vpcId: text(item.vpcId) });
    }
  }
  return changes;
}

function instanceIdsOf(set: unknown): string[] {
  return items(set).map((item) => text(item.instanceId) ?? text(item.resourceId)).filter((id): id is string => id?.startsWith("i-") === true);
}

function tagChanges(event: CloudTrailEvent, scope: Scope, deleting: boolean): InventoryChange[] {
  const request = event.requestParameters ?? {};
  const tags: Record<string, string | null> = tagsOf(request.tagSet);
  if (deleting) for (const key of Object.keys(tags)) tags[key] = null;
  if (Object.keys(tags).length === 0) return [];
  return instanceIdsOf(request.resourcesSet).map((instanceId) => ({ ...scope, kind: "tags", instanceId, tags }));
}

function stateChanges(event: CloudTrailEvent, scope: Scope): InventoryChange[] {
  const changes: InventoryChange[] = [];
  for (const item of items(event.responseElements?.instancesSet)) {
    const instanceId = text(item.instanceId);
    const state = settled(item.currentState);
    if (instanceId && state) changes.push({ ...scope, kind: "state", instanceId, state });
  }
  return changes;
}

/** ModifyInstanceAttribute: `{"instanceType": {"value": …}}`, `{"groupSet": …}`, or `{"attribute": "instanceType", "value": …}`. */
function attributeChanges(event: CloudTrailEvent, scope: Scope): InventoryChange[] {
  const request = event.requestParameters ?? {};
  const instanceId = text(request.instanceId);
  if (!instanceId) return [];
  const changes: InventoryChange[] = [];
  const instanceType = text(object(request.instanceType)?.value) ?? (request.attribute === "instanceType" ? text(request.value) : undefined);
  if (instanceType) changes.push({ ...scope, kind: "instanceType", instanceId, instanceType });
  const groups = groupIds(request.groupSet);
  if (groups.length > 0) changes.push({ ...scope, kind: "primaryGroups", instanceId, groupIds: groups });
  return changes;
}

function interfaceChanges(event: CloudTrailEvent, scope: Scope): InventoryChange[] {
  const request = event.requestParameters ?? {};
  const networkInterfaceId = text(request.networkInterfaceId);
  const groups = groupIds(request.groupSet);
  return networkInterfaceId && groups.length > 0 ? [{ ...scope, kind: "interfaceGroups", networkInterfaceId, groupIds: groups }] : [];
}

/** AWS's public DNS names: compute-1 in us-east-1, `<region>.compute` elsewhere. */
export function publicDnsName(publicIp: string, region: string): string {
  const host = `ec2-${publicIp.replaceAll(".", "-")}`;
  return region === "us-east-1" ? `${host}.compute-1.amazonaws.com` : `${host}.${region}.compute.amazonaws.com`;
}

function associations(event: CloudTrailEvent, scope: Scope): InventoryChange[] {
  const request = event.requestParameters ?? {};
  const instanceId = text(request.instanceId);
  const networkInterfaceId = text(request.networkInterfaceId);
  const target: InstanceTarget | undefined = networkInterfaceId ? { networkInterfaceId } : instanceId ? { instanceId } : undefined;
  if (!target) return [];
  const publicIp = text(request.publicIp);
  const associationId = text(event.responseElements?.associationId);
  const address = { publicIp, publicDnsName: publicIp ? publicDnsName(publicIp, scope.region) : undefined, associationId };
  return [{ ...scope, kind: "publicAddress", target, address }];
}

function disassociations(event: CloudTrailEvent, scope: Scope): InventoryChange[] {
  const request = event.requestParameters ?? {};
  const associationId = text(request.associationId);
  const publicIp = text(request.publicIp);
  const target: InstanceTarget | undefined = associationId ? { associationId } : publicIp ? { publicIp } : undefined;
  return target ? [{ ...scope, kind: "publicAddress", target, address: null }] : [];
}

/** Associate and Replace answer the profile now attached; Disassociate detaches it. */
function profileChanges(event: CloudTrailEvent, scope: Scope, detaching: boolean): InventoryChange[] {
  const association = object(event.responseElements?.iamInstanceProfileAssociation);
  const instanceId = text(association?.instanceId) ?? text(event.requestParameters?.instanceId);
  if (!instanceId) return [];
  const profile = detaching ? null : profileOf(association?.iamInstanceProfile);
  return profile === undefined ? [] : [{ ...scope, kind: "instanceProfile", instanceId, profile }];
}

function securityGroupNames(event: CloudTrailEvent, scope: Scope): InventoryChange[] {
  const request = event.requestParameters ?? {};
  const groupId = text(event.responseElements?.groupId) ?? text(request.groupId);
  const groupName = text(request.groupName);
  return groupId && groupName ? [{ ...scope, kind: "securityGroup", groupId, groupName, vpcId: text(request.vpcId) }] : [];
}

type Scope = { at: number; eventId: string; accountId: string; region: string };

const READERS = new Map<string, (event: CloudTrailEvent, scope: Scope) => InventoryChange[]>(Object.entries({
  RunInstances: launches,
  CreateTags: (event, scope) => tagChanges(event, scope, false),
  DeleteTags: (event, scope) => tagChanges(event, scope, true),
  StartInstances: stateChanges,
  StopInstances: stateChanges,
  TerminateInstances: stateChanges,
  ModifyInstanceAttribute: attributeChanges,
  ModifyNetworkInterfaceAttribute: interfaceChanges,
  AssociateAddress: associations,
  DisassociateAddress: disassociations,
  AssociateIamInstanceProfile: (event, scope) => profileChanges(event, scope, false),
  ReplaceIamInstanceProfileAssociation: (event, scope) => profileChanges(event, scope, false),
  DisassociateIamInstanceProfile: (event, scope) => profileChanges(event, scope, true),
  CreateSecurityGroup: securityGroupNames,
  AuthorizeSecurityGroupIngress: securityGroupNames,
}));

/** The API calls that change the inventory. */
export const INVENTORY_CALLS: ReadonlySet<string> = new Set(READERS.keys());

export function inventoryChangesOf(event: CloudTrailEvent): InventoryChange[] {
  if (event.eventSource !== "ec2.amazonaws.com" || event.errorCode) return [];
  const read = READERS.get(event.eventName);
  if (!read) return [];
  return read(event, { at: event.time, eventId: event.eventId, accountId: event.accountId, region: event.region });
}
