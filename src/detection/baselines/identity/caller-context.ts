/**
 * Where a CloudTrail call came from, in the terms baselines compare: the ASN organization and
 * country of the caller's address, and the family of its user agent. Addresses that are not public
 * get a fixed label, so "called through a VPC endpoint" and "an AWS service called" are values too.
 */
import type { CloudTrailEvent } from "../../events.js";
import type { GeoLookup } from "../../geo/geo-lookup.js";
import { sourceAddressKind } from "../../rules/cloudtrail/shared/source-address.js";

export type CallerContext = { asnOrg: string; country: string; userAgent: string };

export const UNKNOWN = "unknown";

/**
 * The user agent without versions or generated ids: "aws-cli/2.15.0 Python/3.11…" → "aws-cli",
 * "Boto3/1.34.2 md/Botocore…" → "Boto3". Upgrading a tool is not unusual; switching tools is.
 */
export function userAgentFamily(userAgent: string): string {
  const first = userAgent.replace(/^[\s[]+/, "").split(/[\s/(,;]/, 1)[0] ?? "";
  const family = first.replace(/[0-9a-f]{4,}(-[0-9a-f]{4,})*/gi, "#").replace(/\d+/g, "#").slice(0, 64);
  return family || UNKNOWN;
}

export function callerContext(event: CloudTrailEvent, geo: GeoLookup): CallerContext {
  const userAgent = userAgentFamily(event.userAgent);
  switch (sourceAddressKind(event.sourceIp)) {
    case "not-an-address":
      return { asnOrg: `AWS service ${event.sourceIp || UNKNOWN}`, country: UNKNOWN, userAgent };
    case "non-public":
      return { asnOrg: "private network", country: UNKNOWN, userAgent };
    case "public": {
      const details = geo.lookup(event.sourceIp);
      return { asnOrg: details?.organization?.asnOrg ?? UNKNOWN, country: details?.country?.countryCode ?? UNKNOWN, userAgent };
    }
  }
}
