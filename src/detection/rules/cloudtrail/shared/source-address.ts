/**
 * CloudTrail's sourceIPAddress is an address for direct callers, and a service name
 * ("ec2.amazonaws.com", "AWS Internal") when AWS made the call. Rules that reason about where a call
 * came from need to tell these apart, and public addresses from private ones.
 */
import { parseIpInto } from "../../../intel/address/ip-text.js";
import { isPublicIpv4, isPublicIpv6 } from "../../../intel/address/public-address.js";

export type SourceAddressKind = "public" | "non-public" | "not-an-address";

const words = new Uint32Array(4);

export function isAddress(text: string): boolean {
  return parseIpInto(text, words) !== 0;
}

export function sourceAddressKind(text: string): SourceAddressKind {
  const family = parseIpInto(text, words);
  if (family === 0) return "not-an-address";
  const isPublic = family === 4 ? isPublicIpv4(words[0]) : isPublicIpv6(words);
  return isPublic ? "public" : "non-public";
}
