/**
 * Folds inventory changes into instance records. Each register takes a change only when the change is
 * later than what it holds (inventory-model.ts), so a change applied twice, or after a later one,
 * writes nothing: the caller stores only the records a change really wrote.
 */
import {
  isLater,
  lookupKey,
  targetKey,
  type InstanceRecord,
  type InterfaceRecord,
  type InventoryChange,
  type LaunchedInterface,
  type PublicAddress,
  type SecurityGroupName,
  type Stamp,
  type Stamped,
} from "./inventory-model.js";

export type AppliedChanges = {
  /** The records a change wrote, new or loaded. */
  written: InstanceRecord[];
  groupNames: SecurityGroupName[];
};

/** Every key `record` is found by (see lookupKey). */
export function lookupKeysOf(record: InstanceRecord): string[] {
  const keys = new Set([lookupKey.instance(record.instanceId)]);
  const addPublic = (address: Stamped<PublicAddress> | undefined) => {
    if (address?.value?.associationId) keys.add(lookupKey.association(address.value.associationId));
    if (address?.value?.publicIp) keys.add(lookupKey.publicIp(address.value.publicIp));
  };
  addPublic(record.primaryPublicAddress);
  for (const [networkInterfaceId, eni] of Object.entries(record.interfaces)) {
    keys.add(lookupKey.networkInterface(networkInterfaceId));
    if (eni.privateIpAddress) keys.add(lookupKey.privateIp(eni.privateIpAddress));
    for (const address of eni.privateIpAddresses) keys.add(lookupKey.privateIp(address.privateIpAddress));
    addPublic(eni.publicAddress);
  }
  return [...keys];
}

/** The groups a record references, for their names. */
export function groupIdsOf(record: InstanceRecord): string[] {
  const ids = new Set(record.primaryGroups?.value ?? []);
  for (const eni of Object.values(record.interfaces)) for (const id of eni.groups?.value ?? []) ids.add(id);
  return [...ids];
}

/** The keys the records a batch of changes touches are found by: what to load before applying them. */
export function targetKeysOf(changes: readonly InventoryChange[]): string[] {
  const keys = new Set<string>();
  for (const change of changes) {
    if (change.kind === "securityGroup") continue;
    if (change.kind === "interfaceGroups") keys.add(lookupKey.networkInterface(change.networkInterfaceId));
    else if (change.kind === "publicAddress") {
      keys.add(targetKey(change.target));
      // An elastic address moved with AllowReassociation names only its new holder; the old one must lose it.
      if (change.address?.publicIp) keys.add(lookupKey.publicIp(change.address.publicIp));
    } else keys.add(lookupKey.instance(change.instanceId));
  }
  return [...keys];
}

type Register<T> = Stamped<T> | undefined;

/** `stamped` if it is later than `current`, else undefined (nothing to write). */
function later<T>(current: Register<T>, stamp: Stamp, value: T): Stamped<T> | undefined {
  return isLater(stamp, current) ? { at: stamp.at, eventId: stamp.eventId, value } : undefined;
}

function sameAddresses(a: InterfaceRecord["privateIpAddresses"], b: InterfaceRecord["privateIpAddresses"]): boolean {
  return a.length === b.length && a.every((address, i) => address.privateIpAddress === b[i].privateIpAddress && address.privateDnsName === b[i].privateDnsName);
}

/** A launched interface's fixed fields: written when new or different (a record built from an interface-only change lacks them). */
function placeInterface(record: InstanceRecord, launched: LaunchedInterface, stamp: Stamp): boolean {
  const { networkInterfaceId, groups, publicAddress, ...fixed } = launched;
  let eni = record.interfaces[networkInterfaceId];
  let wrote = false;
  const sameFixed =
    eni !== undefined &&
    eni.deviceIndex === fixed.deviceIndex &&
    eni.privateIpAddress === fixed.privateIpAddress &&
    eni.privateDnsName === fixed.privateDnsName &&
    eni.subnetId === fixed.subnetId &&
    eni.vpcId === fixed.vpcId &&
    sameAddresses(eni.privateIpAddresses, fixed.privateIpAddresses) &&
    eni.ipv6Addresses.join() === fixed.ipv6Addresses.join();
  if (!sameFixed) {
    eni = record.interfaces[networkInterfaceId] = { ...fixed, groups: eni?.groups, publicAddress: eni?.publicAddress };
    wrote = true;
  }
  const newGroups = later(eni!.groups, stamp, groups);
  if (newGroups) eni!.groups = newGroups;
  const newAddress = publicAddress === undefined ? undefined : later(eni!.publicAddress, stamp, publicAddress);
  if (newAddress) eni!.publicAddress = newAddress;
  return wrote || newGroups !== undefined || newAddress !== undefined;
}

function setTags(record: InstanceRecord, tags: Record<string, string | null>, stamp: Stamp): boolean {
  let wrote = false;
  for (const [key, value] of Object.entries(tags)) {
    const tag = later(record.tags[key], stamp, value);
    if (tag) {
      record.tags[key] = tag;
      wrote = true;
    }
  }
  return wrote;
}

type InstanceChange = Exclude<InventoryChange, { kind: "securityGroup" }>;

/** Writes `field` of `holder` when the change is later; true when it wrote. */
function assign<H, K extends keyof H>(holder: H, field: K, stamp: Stamp, value: H[K] extends Register<infer T> ? T : never): boolean {
  const next = later(holder[field] as Register<typeof value>, stamp, value);
  if (next) holder[field] = next as H[K];
  return next !== undefined;
}

function applyToRecord(record: InstanceRecord, change: InstanceChange): boolean {
  switch (change.kind) {
    case "launch": {
      let wrote = assign(record, "launch", change, change.details);
      if (change.state) wrote = assign(record, "state", change, change.state) || wrote;
      if (change.iamInstanceProfile !== undefined) wrote = assign(record, "iamInstanceProfile", change, change.iamInstanceProfile) || wrote;
      wrote = setTags(record, change.tags, change) || wrote;
      for (const eni of change.interfaces) wrote = placeInterface(record, eni, change) || wrote;
      return wrote;
    }
    case "tags":
      return setTags(record, change.tags, change);
    case "state":
      return assign(record, "state", change, change.state);
    case "instanceType":
      return assign(record, "instanceType", change, change.instanceType);
    case "primaryGroups":
      return assign(record, "primaryGroups", change, change.groupIds);
    case "instanceProfile":
      return assign(record, "iamInstanceProfile", change, change.profile);
    case "interfaceGroups": {
      const eni = record.interfaces[change.networkInterfaceId];
      return eni !== undefined && assign(eni, "groups", change, change.groupIds);
    }
    case "publicAddress": {
      const { target } = change;
      if ("instanceId" in target) return assign(record, "primaryPublicAddress", change, change.address);
      if ("networkInterfaceId" in target) {
        const eni = record.interfaces[target.networkInterfaceId];
        return eni !== undefined && assign(eni, "publicAddress", change, change.address);
      }
      // A disassociation names the association or the address: whichever holder has it now loses it.
      const holds = (address: InterfaceRecord["publicAddress"]) =>
        address?.value != null && ("associationId" in target ? address.value.associationId === target.associationId : address.value.publicIp === target.publicIp);
      let wrote = holds(record.primaryPublicAddress) && assign(record, "primaryPublicAddress", change, change.address);
      for (const eni of Object.values(record.interfaces)) if (holds(eni.publicAddress)) wrote = assign(eni, "publicAddress", change, change.address) || wrote;
      return wrote;
    }
  }
}

function newRecord(instanceId: string, change: InventoryChange): InstanceRecord {
  return { instanceId, accountId: change.accountId, region: change.region, tags: {}, interfaces: {} };
}

/**
 * Applies `changes` in event-time order to `loaded` (the stored records `targetKeysOf(changes)` find).
 * A change about an instance not known yet starts its record; one that names an interface or an
 * address no record has is dropped (it describes nothing Vigil can show). Records of another account
 * are never written.
 */
export function applyChanges(loaded: readonly InstanceRecord[], changes: readonly InventoryChange[]): AppliedChanges {
  const byKey = new Map<string, InstanceRecord>();
  const index = (record: InstanceRecord) => {
    for (const key of lookupKeysOf(record)) byKey.set(key, record);
  };
  loaded.forEach(index);
  const written = new Set<InstanceRecord>();
  const groupNames: SecurityGroupName[] = [];
  const ordered = [...changes].sort((a, b) => (a.at !== b.at ? a.at - b.at : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  for (const change of ordered) {
    if (change.kind === "securityGroup") {
      groupNames.push({ accountId: change.accountId, groupId: change.groupId, groupName: change.groupName, vpcId: change.vpcId });
      continue;
    }
    const key = targetKeysOf([change])[0];
    let record = byKey.get(key);
    const movedIp = change.kind === "publicAddress" ? change.address?.publicIp : undefined;
    const previousHolder = movedIp ? byKey.get(lookupKey.publicIp(movedIp)) : undefined;
    if (movedIp && previousHolder && previousHolder !== record && previousHolder.accountId === change.accountId) {
      const release: InstanceChange = { kind: "publicAddress", at: change.at, eventId: change.eventId, accountId: change.accountId, region: change.region, target: { publicIp: movedIp }, address: null };
      if (applyToRecord(previousHolder, release)) written.add(previousHolder);
    }
    if (record && record.accountId !== change.accountId) continue;
    if (!record) {
      const instanceId = change.kind === "publicAddress" ? ("instanceId" in change.target ? change.target.instanceId : undefined) : "instanceId" in change ? change.instanceId : undefined;
      if (!instanceId) continue;
      record = newRecord(instanceId, change);
    }
    if (applyToRecord(record, change)) {
      written.add(record);
      index(record);
    }
  }
  return { written: [...written], groupNames };
}
