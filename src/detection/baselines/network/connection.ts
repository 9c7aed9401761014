/**
 * Which side of a flow record is the instance, and who opened the connection. A record whose source
 * is a private address and destination a public one is traffic the instance sent; the instance
 * opened the connection when the remote port is the lower one (a service port) — the reply leg of a
 * connection someone else opened has the instance's service port as source and a high remote port.
 */
import type { FlowEvent } from "../../events.js";
import { sourceAddressKind } from "../../rules/cloudtrail/shared/source-address.js";

export type Outbound = { instance: string; localIp: string; remoteIp: string; localPort: number; remotePort: number; opened: boolean };

export function outboundFlow(event: FlowEvent): Outbound | undefined {
  const instance = event.instanceId ?? event.interfaceId;
  if (!instance || event.action !== "ACCEPT" || event.flowDirection === "ingress") return undefined;
  const { srcAddr, dstAddr, srcPort, dstPort } = event;
  if (!srcAddr || !dstAddr || srcPort === undefined || dstPort === undefined) return undefined;
  if (sourceAddressKind(srcAddr) !== "non-public" || sourceAddressKind(dstAddr) !== "public") return undefined;
  const opened = dstPort < 1024 ? srcPort >= 1024 || dstPort < srcPort : dstPort < srcPort;
  return { instance, localIp: srcAddr, remoteIp: dstAddr, localPort: srcPort, remotePort: dstPort, opened };
}

export function protocolName(protocol: number | undefined): string {
  if (protocol === 6) return "TCP";
  if (protocol === 17) return "UDP";
  if (protocol === 1) return "ICMP";
  return protocol === undefined ? "UNKNOWN" : String(protocol);
}
