/**
 * What kind of flood a record would belong to, by protocol and the remote port. DNS goes by port 53
 * over either transport. "TCP ports" are services that run over TCP only: UDP aimed at them is not
 * any client's traffic (QUIC's 443, DNS, NTP, SNMP, RDP's UDP transport and the like are left out).
 * ICMP is not classified: pings are not among GuardDuty's DoS types.
 */
import { ICMP, ICMPV6, TCP, UDP } from "../shared/protocols.js";

export type TrafficClass = "tcp" | "udp" | "udpOnTcpPort" | "dns" | "unusual";

const TCP_ONLY_PORTS: ReadonlySet<number> = new Set([
  20, 21, 22, 23, 25, 80, 110, 143, 179, 445, 465, 587, 993, 995, 1433, 1521, 2375, 3306, 5432, 5900, 5985, 5986, 6379, 8080, 8443, 9200, 9300, 27017,
]);

export function trafficClass(protocol: number | undefined, remotePort: number | undefined): TrafficClass | undefined {
  if (protocol === undefined || protocol === ICMP || protocol === ICMPV6) return undefined;
  if (remotePort === 53 && (protocol === TCP || protocol === UDP)) return "dns";
  if (protocol === TCP) return "tcp";
  if (protocol === UDP) return remotePort !== undefined && TCP_ONLY_PORTS.has(remotePort) ? "udpOnTcpPort" : "udp";
  return "unusual";
}
