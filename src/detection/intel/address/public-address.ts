/**
 * GuardDuty applies lists only to publicly routable addresses. ipaddr.js names every special range
 * (private, loopback, link-local, CGNAT, multicast, documentation, benchmarking, 6to4, Teredo…);
 * only its "unicast" class is public. Called on hits only, so its cost stays off the miss path.
 */
import ipaddr from "ipaddr.js";

export function isPublicIpv4(address: number): boolean {
  const octets = [address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255];
  return new ipaddr.IPv4(octets).range() === "unicast";
}

export function isPublicIpv6(words: Uint32Array, at = 0): boolean {
  const groups: number[] = [];
  for (let w = 0; w < 4; w++) groups.push(words[at + w] >>> 16, words[at + w] & 0xffff);
  return new ipaddr.IPv6(groups).range() === "unicast";
}
