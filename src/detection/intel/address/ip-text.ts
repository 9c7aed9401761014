/**
 * One entry point for "what address is this text", shared by list entries and lookups so both sides
 * agree on IPv4-mapped and NAT64 addresses: ::ffff:1.2.3.4 and 64:ff9b::1.2.3.4 are IPv4 traffic
 * (the latter is how IPv6-only subnets reach IPv4 through DNS64/NAT64) and must hit IPv4 entries.
 */
import { parseIpv4 } from "./ipv4.js";
import { parseIpv6Into } from "./ipv6.js";

export type IpFamily = 4 | 6;

const NAT64_WELL_KNOWN_PREFIX = 0x0064ff9b;

/**
 * Parses text into out: for IPv4, out[0] holds the address; for IPv6, out[0..3] hold its words.
 * Returns the family, or 0 when the text is not an address. Allocates nothing.
 */
export function parseIpInto(text: string, out: Uint32Array): IpFamily | 0 {
  const v4 = parseIpv4(text);
  if (v4 >= 0) {
    out[0] = v4;
    return 4;
  }
  if (!parseIpv6Into(text, out, 0)) return 0;
  if (embedsIpv4(out)) {
    out[0] = out[3];
    return 4;
  }
  return 6;
}

/** True for ::ffff:a.b.c.d and 64:ff9b::a.b.c.d held in words[0..3]. */
function embedsIpv4(words: Uint32Array): boolean {
  if (words[1] !== 0) return false;
  if (words[0] === 0 && words[2] === 0xffff) return true;
  return words[0] === NAT64_WELL_KNOWN_PREFIX && words[2] === 0;
}
