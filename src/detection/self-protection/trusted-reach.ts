/**
 * What a trusted list newly vouches for that blinds detection: networks wider than a /16 (IPv6: a /32)
 * holding public addresses, and public addresses current findings name. Trusted beats threat for every
 * finding type, so either silences detection for whoever is there.
 */
import ipaddr from "ipaddr.js";
import type { ListEntry } from "../intel/formats/types.js";

export const WIDEST_IPV4_PREFIX = 16;
export const WIDEST_IPV6_PREFIX = 32;

export type TrustedReach = { broadNetworks: string[]; coveredFindingAddresses: string[] };

type Network = { text: string; range: [ipaddr.IPv4 | ipaddr.IPv6, number] };

function isPublic(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return address.range() === "unicast";
}

/** A wide IPv4 network holds public space when one of its /16 blocks does (checked block by block, stopping at the first). */
function holdsPublicIpv4(network: ipaddr.IPv4, prefix: number): boolean {
  const first = network.toByteArray().reduce((value, octet) => value * 256 + octet, 0);
  const blocks = 2 ** (WIDEST_IPV4_PREFIX - prefix);
  for (let block = 0; block < blocks; block++) {
    const start = first + block * 65_536;
    if (isPublic(ipaddr.IPv4.parse(`${Math.floor(start / 16_777_216)}.${Math.floor(start / 65_536) % 256}.0.1`))) return true;
  }
  return false;
}

function isBroad({ range: [network, prefix] }: Network): boolean {
  if (network.kind() === "ipv4") return prefix < WIDEST_IPV4_PREFIX && holdsPublicIpv4(network as ipaddr.IPv4, prefix);
  return prefix < WIDEST_IPV6_PREFIX && isPublic(network);
}

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    return ipaddr.process(text);
  } catch {
    return null;
  }
}

export function trustedReach(entries: readonly ListEntry[], findingAddresses: readonly string[]): TrustedReach {
  const networks: Network[] = entries
    .filter((entry) => entry.kind === "cidr4" || entry.kind === "cidr6")
    .map((entry) => ({ text: entry.value, range: ipaddr.parseCIDR(entry.value) }));
  const singles = new Set(entries.filter((entry) => entry.kind === "ipv4" || entry.kind === "ipv6").map((entry) => entry.value));
  const covered = findingAddresses.filter((text) => {
    const address = parseAddress(text);
    if (!address || !isPublic(address)) return false;
    if (singles.has(address.toString())) return true;
    return networks.some(({ range }) => range[0].kind() === address.kind() && address.match(range));
  });
  return { broadNetworks: networks.filter(isBroad).map((network) => network.text), coveredFindingAddresses: [...new Set(covered)].sort() };
}
