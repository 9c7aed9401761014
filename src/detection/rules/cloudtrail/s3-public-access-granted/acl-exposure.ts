/**
 * Who a bucket ACL lets in. S3's two public grantee groups are AllUsers (anyone, unauthenticated)
 * and AuthenticatedUsers (any AWS account's principals); they appear as grantee URIs in an
 * AccessControlPolicy body or x-amz-grant-* headers, or through the canned ACLs public-read,
 * public-read-write and authenticated-read.
 */
import { asArray, field, isObject, text, type Json } from "../shared/request.js";
import type { Exposure } from "../shared/policy-exposure.js";

export type AclGrant = { exposure: Exposure; grant: string };

const CANNED: Record<string, Exposure> = {
  "public-read": "anonymous",
  "public-read-write": "anonymous",
  "authenticated-read": "authenticated",
};

function groupExposure(uri: string): Exposure | undefined {
  if (uri.endsWith("/groups/global/AllUsers")) return "anonymous";
  if (uri.endsWith("/groups/global/AuthenticatedUsers")) return "authenticated";
  return undefined;
}

/** Every string under a value, for grantee URIs that sit at different depths in different records. */
function strings(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, into);
  else if (isObject(value)) for (const item of Object.values(value)) strings(item, into);
  return into;
}

export function aclGrants(parameters: Json | null): AclGrant[] {
  if (!isObject(parameters)) return [];
  const grants: AclGrant[] = [];
  const canned = text(field(parameters, "x-amz-acl"));
  if (canned && CANNED[canned]) grants.push({ exposure: CANNED[canned], grant: `canned ACL ${canned}` });
  for (const [name, value] of Object.entries(parameters)) {
    const header = name.toLowerCase();
    if (!header.startsWith("x-amz-grant-")) continue;
    for (const grantee of strings(value)) {
      const exposure = groupExposure(grantee.replace(/^uri=|"/g, "").trim());
      if (exposure) grants.push({ exposure, grant: `${header.slice("x-amz-grant-".length)} to ${grantee}` });
    }
  }
  const list = field(field(parameters, "AccessControlPolicy"), "AccessControlList");
  for (const grant of asArray(field(list, "Grant"))) {
    const permission = text(field(grant, "Permission")) ?? "access";
    for (const value of strings(field(grant, "Grantee"))) {
      const exposure = groupExposure(value);
      if (exposure) grants.push({ exposure, grant: `${permission} to ${value}` });
    }
  }
  return grants;
}
