/**
 * Who a sharing call adds to an EC2 or RDS resource. EC2 logs ModifySnapshotAttribute and
 * ModifyImageAttribute with the permission list `{ add: { items: [{ userId } | { group: "all" }] } }`
 * (older callers: operationType "add" with userIds / userGroups / groupNames); RDS logs
 * ModifyDB(Cluster)SnapshotAttribute with valuesToAdd, "all" meaning public. Organization and OU
 * ARNs are left out: Vigil cannot tell the account's own organization from another.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { DetectionContext } from "../../../engine/types.js";
import { isOutsideAccount } from "./accounts.js";
import { asArray, field, text, type Json } from "./request.js";

export type SharingGrant = { public: boolean; outsideAccounts: string[] };

function strings(value: unknown): string[] {
  const list = field(value, "items") ?? value;
  return asArray(list).flatMap((item) => {
    const named = text(item) ?? text(field(item, "userId")) ?? text(field(item, "group")) ?? text(field(item, "userGroup"));
    return named ? [named.trim()] : [];
  });
}

/** The user ids and groups an EC2 permission attribute (createVolumePermission, launchPermission) adds. */
export function ec2PermissionAdditions(parameters: Json | null, attribute: string): string[] {
  const added = strings(field(field(parameters, attribute), "add"));
  if (text(field(parameters, "operationType"))?.toLowerCase() !== "add") return added;
  for (const name of ["userId", "userIds", "userGroup", "userGroups", "groupNames"]) added.push(...strings(field(parameters, name)));
  return added;
}

/** Public when "all" is added; outsiders are the added account ids Vigil does not know. */
export function sharingGrant(added: readonly string[], event: CloudTrailEvent, context: DetectionContext): SharingGrant | undefined {
  const isPublic = added.some((value) => value.toLowerCase() === "all");
  const outsideAccounts = [...new Set(added.filter((value) => isOutsideAccount(value, event, context)))];
  return isPublic || outsideAccounts.length > 0 ? { public: isPublic, outsideAccounts } : undefined;
}

/** "everyone (public)", "account 999988887777", or both, for titles and descriptions. */
export function sharedWith(grant: SharingGrant): string {
  const parts = grant.public ? ["everyone (public)"] : [];
  if (grant.outsideAccounts.length > 0) parts.push(`account${grant.outsideAccounts.length > 1 ? "s" : ""} ${grant.outsideAccounts.join(", ")}`);
  return parts.join(" and ");
}
