/**
 * Scans and sweeps are many connections that never exchange data: a probe gets no answer, a reset, or
 * a bare handshake. Each record is read from the opener's point of view and marks what it is probing
 * (a port, or a host on one port):
 *  - PROBED: the opener's own record, small and without payload (TCP: at most 4 packets of headers;
 *    UDP: at most 2 datagrams, a query with no conversation);
 *  - ENGAGED: data went by — the opener sent payload over TCP, kept a UDP conversation going, or the
 *    other end answered with data (any UDP answer).
 * A target that is PROBED and never ENGAGED in the window was probed; normal clients, even ones
 * talking to many ports or hosts, engage nearly everything they touch.
 * Records without packet or byte counts (custom formats) count as probes: nothing says they were not.
 */
import type { FlowEvent } from "../../../events.js";
import type { Side } from "./flow-view.js";
import { TCP, UDP } from "./protocols.js";
import { carriesPayload } from "./traffic.js";

export const PROBED = 1;
export const ENGAGED = 2;

const MAX_TCP_PROBE_PACKETS = 4;
const MAX_UDP_PROBE_PACKETS = 2;

/** 0 when the record says nothing either way (e.g. a reset sent back, an idle keep-alive). */
export function probeFlag(event: FlowEvent, opener: Side): number {
  const byOpener = opener === "src";
  const payload = carriesPayload(event);
  if (event.protocol === TCP) {
    if (payload) return ENGAGED;
    if (!byOpener) return 0;
    return event.packets === undefined || event.packets <= MAX_TCP_PROBE_PACKETS ? PROBED : 0;
  }
  if (event.protocol === UDP) {
    if (!byOpener) return ENGAGED;
    return event.packets === undefined || event.packets <= MAX_UDP_PROBE_PACKETS ? PROBED : ENGAGED;
  }
  return 0;
}
