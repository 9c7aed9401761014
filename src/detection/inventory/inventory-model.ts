/**
 * The EC2 inventory Vigil keeps from CloudTrail, so that flow and DNS findings can describe their
 * instance as GuardDuty's do. Every attribute is a last-writer-wins register stamped with the event
 * that wrote it: applying the same events again, or in another order, gives the same record (objects
 * reach the workers in any order, and a retried object is read twice).
 */

/** The later event wins; between events of the same millisecond, the greater eventId, so the outcome never depends on the order of application. */
export type Stamp = { at: number; eventId: string };
export type Stamped<T> = Stamp & { value: T };

/** The public (or elastic) address of an interface; null once disassociated. */
export type PublicAddress = { publicIp?: string; publicDnsName?: string; associationId?: string } | null;

export type IamInstanceProfile = { arn?: string; id?: string } | null;

/** What RunInstances says once and never changes (the instance type aside, which ModifyInstanceAttribute may change). */
export type LaunchDetails = {
  instanceType?: string;
  imageId?: string;
  /** ISO 8601, as GuardDuty's API writes it. */
  launchTime?: string;
  availabilityZone?: string;
  platform?: string;
  productCodes: Array<{ code?: string; productType?: string }>;
};

export type InterfaceRecord = {
  deviceIndex?: number;
  privateIpAddress?: string;
  privateDnsName?: string;
  privateIpAddresses: Array<{ privateIpAddress: string; privateDnsName?: string }>;
  ipv6Addresses: string[];
  subnetId?: string;
  vpcId?: string;
  groups?: Stamped<string[]>;
  publicAddress?: Stamped<PublicAddress>;
};

export type InstanceRecord = {
  instanceId: string;
  /** The 12-digit account the instance runs in. */
  accountId: string;
  region: string;
  launch?: Stamped<LaunchDetails>;
  instanceType?: Stamped<string>;
  /** running | stopped | terminated (what a state change settles into). */
  state?: Stamped<string>;
  iamInstanceProfile?: Stamped<IamInstanceProfile>;
  /** Set through the instance (ModifyInstanceAttribute, AssociateAddress with an instance id): they are its primary interface's. */
  primaryGroups?: Stamped<string[]>;
  primaryPublicAddress?: Stamped<PublicAddress>;
  /** A null value is a deleted tag, kept so that an older CreateTags applied later does not bring it back. */
  tags: Record<string, Stamped<string | null>>;
  interfaces: Record<string, InterfaceRecord>;
};

/** Names the instance an instance-level change is about, directly or through one of its interfaces or addresses. */
export type InstanceTarget = { instanceId: string } | { networkInterfaceId: string } | { associationId: string } | { publicIp: string };

export type LaunchedInterface = Omit<InterfaceRecord, "groups" | "publicAddress"> & { networkInterfaceId: string; groups: string[]; publicAddress?: PublicAddress };

type Scoped = Stamp & { accountId: string; region: string };

export type InventoryChange = Scoped &
  (
    | {
        kind: "launch";
        instanceId: string;
        details: LaunchDetails;
        state?: string;
        iamInstanceProfile?: IamInstanceProfile;
        tags: Record<string, string>;
        interfaces: LaunchedInterface[];
      }
    | { kind: "tags"; instanceId: string; tags: Record<string, string | null> }
    | { kind: "state"; instanceId: string; state: string }
    | { kind: "instanceType"; instanceId: string; instanceType: string }
    | { kind: "primaryGroups"; instanceId: string; groupIds: string[] }
    | { kind: "interfaceGroups"; networkInterfaceId: string; groupIds: string[] }
    | { kind: "publicAddress"; target: InstanceTarget; address: PublicAddress }
    | { kind: "instanceProfile"; instanceId: string; profile: IamInstanceProfile }
    | { kind: "securityGroup"; groupId: string; groupName: string; vpcId?: string }
  );

export type SecurityGroupName = { accountId: string; groupId: string; groupName: string; vpcId?: string };

/** Keys a record is found by: its id, its interfaces, their private addresses and its current public ones. */
export const lookupKey = {
  instance: (instanceId: string) => `instance:${instanceId}`,
  networkInterface: (networkInterfaceId: string) => `eni:${networkInterfaceId}`,
  privateIp: (address: string) => `ip:${address}`,
  association: (associationId: string) => `assoc:${associationId}`,
  publicIp: (address: string) => `public:${address}`,
};

export function targetKey(target: InstanceTarget): string {
  if ("instanceId" in target) return lookupKey.instance(target.instanceId);
  if ("networkInterfaceId" in target) return lookupKey.networkInterface(target.networkInterfaceId);
  if ("associationId" in target) return lookupKey.association(target.associationId);
  return lookupKey.publicIp(target.publicIp);
}

export function isLater(candidate: Stamp, current: Stamp | undefined): boolean {
  if (!current) return true;
  if (candidate.at !== current.at) return candidate.at > current.at;
  return candidate.eventId > current.eventId;
}

/** The later of two registers. */
export function latest<T>(a: Stamped<T> | undefined, b: Stamped<T> | undefined): Stamped<T> | undefined {
  if (!a) return b;
  if (!b) return a;
  return isLater(b, a) ? b : a;
}
