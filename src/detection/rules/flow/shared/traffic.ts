/**
 * What a record says about the exchange it logs, independent of any list: whether payload went by.
 * A TCP packet without data is at most 60 bytes over IPv4 (20 IP + 40 TCP with options), 80 over IPv6;
 * a record whose bytes stay within that per packet carried handshakes, ACKs and resets only.
 * Custom formats may leave packets or bytes out: then nothing is known and callers decide.
 */
import type { FlowEvent } from "../../../events.js";
import { TCP } from "./protocols.js";

export function carriesPayload(event: FlowEvent): boolean | undefined {
  const { packets, bytes } = event;
  if (packets === undefined || bytes === undefined || packets <= 0) return undefined;
  if (event.protocol !== TCP) return bytes > 0;
  const headerBytes = (event.srcAddr ?? "").includes(":") ? 80 : 60;
  return bytes > packets * headerBytes;
}
