/** IANA protocol numbers as GuardDuty names them in networkConnectionAction.protocol. */
export const TCP = 6;
export const UDP = 17;
export const ICMP = 1;
export const ICMPV6 = 58;

const NAMES: ReadonlyMap<number, string> = new Map([
  [ICMP, "ICMP"],
  [2, "IGMP"],
  [TCP, "TCP"],
  [UDP, "UDP"],
  [47, "GRE"],
  [50, "ESP"],
  [51, "AH"],
  [ICMPV6, "ICMPV6"],
  [132, "SCTP"],
]);

export function protocolName(protocol: number | undefined): string {
  if (protocol === undefined) return "Unknown";
  return NAMES.get(protocol) ?? String(protocol);
}
