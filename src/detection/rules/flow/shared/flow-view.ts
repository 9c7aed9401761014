/**
 * A flow record read from the instance's side: which address is the logged interface's (local) and
 * which end opened the connection. Every flow rule needs both, so they are worked out once per event.
 *
 * Local side, in order of certainty:
 *  1. v5 `flow-direction`: egress → the source is local, ingress → the destination is.
 *  2. One address private, the other public: the private one (see addresses.ts).
 *  3. Otherwise (both private: traffic inside the VPC; both public: IPv6) the record does not say:
 *     the same record is logged by the interfaces at both ends. Rules then judge each end on its own
 *     (the initiator as actor, the responder as target) and name it by its address.
 * Addresses are the packet's own (`pkt-srcaddr`/`pkt-dstaddr`) when logged: behind a NAT gateway the
 * record's own addresses are the gateway's, the packet's are the real remote host.
 *
 * Initiator: TCP flags when logged (SYN without SYN-ACK is the opener's record, SYN-ACK the
 * responder's); else ports: services listen on well-known ports, or at least below the ephemeral
 * range clients take their ports from; between two ports of the same range the lower one is the
 * service. Two ephemeral ports, equal ports, or no ports (ICMP, other protocols) leave it unknown.
 */
import type { FlowEvent } from "../../../events.js";
import { addressScope, type AddressScope } from "./addresses.js";

export type Side = "src" | "dst";

export type FlowView = {
  src?: string;
  dst?: string;
  srcScope?: AddressScope;
  dstScope?: AddressScope;
  local?: Side;
  initiator?: Side;
};

const TCP = 6;
const SYN = 2;
const SYN_ACK = 16;

function localSide(event: FlowEvent, srcScope?: AddressScope, dstScope?: AddressScope): Side | undefined {
  if (event.flowDirection === "egress") return "src";
  if (event.flowDirection === "ingress") return "dst";
  if (srcScope === "private" && dstScope === "public") return "src";
  if (dstScope === "private" && srcScope === "public") return "dst";
  return undefined;
}

/** Where operating systems take client ports from (Linux 32768-60999, Windows and IANA 49152-65535). */
const EPHEMERAL_FROM = 32768;
const WELL_KNOWN_BELOW = 1024;

/** The client's side by ports: a well-known port, else a port outside the ephemeral range, is the service. */
function clientByPorts(srcPort: number, dstPort: number): Side | undefined {
  const srcClass = srcPort < WELL_KNOWN_BELOW ? 0 : srcPort < EPHEMERAL_FROM ? 1 : 2;
  const dstClass = dstPort < WELL_KNOWN_BELOW ? 0 : dstPort < EPHEMERAL_FROM ? 1 : 2;
  if (srcClass !== dstClass) return srcClass > dstClass ? "src" : "dst";
  // Two client ports say nothing; within the lower ranges the lower port is the likelier service.
  if (srcClass === 2 || srcPort === dstPort) return undefined;
  return srcPort > dstPort ? "src" : "dst";
}

function initiatorSide(event: FlowEvent): Side | undefined {
  if (event.protocol === TCP && event.tcpFlags !== undefined) {
    if (event.tcpFlags & SYN_ACK) return "dst";
    if (event.tcpFlags & SYN) return "src";
  }
  const { srcPort, dstPort } = event;
  if (srcPort === undefined || dstPort === undefined || srcPort === 0 || dstPort === 0) return undefined;
  return clientByPorts(srcPort, dstPort);
}

// The engine hands an event to every flow rule before the next one, so the last view is the one
// asked for again: remembering it alone saves what a cache per event would cost in the hot path.
let lastEvent: FlowEvent | undefined;
let lastView: FlowView | undefined;

export function viewOf(event: FlowEvent): FlowView {
  if (event === lastEvent) return lastView!;
  const src = event.pktSrcAddr ?? event.srcAddr;
  const dst = event.pktDstAddr ?? event.dstAddr;
  const srcScope = addressScope(src);
  const dstScope = addressScope(dst);
  const view: FlowView = { src, dst, srcScope, dstScope, local: localSide(event, srcScope, dstScope), initiator: initiatorSide(event) };
  lastEvent = event;
  lastView = view;
  return view;
}

export function other(side: Side): Side {
  return side === "src" ? "dst" : "src";
}

export function addressOf(view: FlowView, side: Side): string | undefined {
  return side === "src" ? view.src : view.dst;
}

export function scopeOf(view: FlowView, side: Side): AddressScope | undefined {
  return side === "src" ? view.srcScope : view.dstScope;
}

export function portOf(event: FlowEvent, side: Side): number | undefined {
  return side === "src" ? event.srcPort : event.dstPort;
}

/** INBOUND when the remote end opened the connection, OUTBOUND when the local end did. */
export function connectionDirection(view: FlowView, local: Side): "INBOUND" | "OUTBOUND" | "UNKNOWN" {
  if (view.initiator === undefined) return "UNKNOWN";
  return view.initiator === local ? "OUTBOUND" : "INBOUND";
}
