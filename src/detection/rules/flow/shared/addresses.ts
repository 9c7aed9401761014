/**
 * Which addresses of a flow record can be an instance's and which are the internet. Inside a VPC an
 * instance always logs its private address (the internet gateway translates public ones), so a private
 * address facing a public one is the local side. Documentation ranges (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24, 2001:db8::/32) count as public: AWS's own examples use them for internet hosts.
 * VPCs numbered from public space look public here; flow-direction (v5) settles those records.
 */
import { parseIpv4 } from "../../../intel/address/ipv4.js";

export type AddressScope = "private" | "public" | "special";

function ipv4Scope(value: number): AddressScope {
  const a = value >>> 24;
  const b = (value >>> 16) & 255;
  if (a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if ((a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254)) return "private";
  if (a === 0 || a >= 224) return "special";
  return "public";
}

function ipv6Scope(text: string): AddressScope {
  const lower = text.toLowerCase();
  if (lower === "::1" || lower === "::") return "special";
  if (lower.startsWith("fc") || lower.startsWith("fd") || /^fe[89ab]/.test(lower)) return "private";
  if (lower.startsWith("ff")) return "special";
  return "public";
}

/** undefined when the text is not an address (custom formats may log "-" or nothing). */
export function addressScope(text: string | undefined): AddressScope | undefined {
  if (text === undefined) return undefined;
  const v4 = parseIpv4(text);
  if (v4 >= 0) return ipv4Scope(v4);
  return text.includes(":") ? ipv6Scope(text) : undefined;
}
