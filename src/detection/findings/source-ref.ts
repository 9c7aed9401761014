/**
 * The source-event reference of one record. CloudTrail records carry an eventID; flow and Route 53
 * Resolver records have none, so their key is made of the fields that tell one record from another,
 * written as the log writes them (addresses, ports, protocol number, start in epoch seconds), so the
 * record can be found in the object by searching for them.
 */
import type { CloudTrailEvent, DnsEvent, FlowEvent } from "../events.js";
import type { SourceEventRef } from "./types.js";

const end = (address: string | undefined, port: number | undefined) => `${address ?? "-"}:${port ?? "-"}`;
const seconds = (time: number) => Math.floor(time / 1000);

export function cloudTrailSource(event: CloudTrailEvent): SourceEventRef {
  return { eventId: event.eventId, object: event.origin.object, line: event.origin.line };
}

/** `eni-… src:port > dst:port proto N start S`, in the record's own order. */
export function flowSource(event: FlowEvent): SourceEventRef {
  const key = `${event.interfaceId ?? "-"} ${end(event.srcAddr, event.srcPort)} > ${end(event.dstAddr, event.dstPort)} proto ${event.protocol ?? "-"} start ${seconds(event.time)}`;
  return { key, object: event.origin.object, line: event.origin.line };
}

export type FlowSample = { time: number; object: string; line?: number; interfaceId?: string; local?: string; localPort?: number; remote?: string; remotePort?: number; protocol?: number };

/** A window's sample keeps the local and remote ends, not which one sent: `<>` says the order is not the record's. */
export function flowSampleSource(sample: FlowSample): SourceEventRef {
  const key = `${sample.interfaceId ?? "-"} ${end(sample.local, sample.localPort)} <> ${end(sample.remote, sample.remotePort)} proto ${sample.protocol ?? "-"} start ${seconds(sample.time)}`;
  return { key, object: sample.object, line: sample.line };
}

/** `name TYPE from address:port at time`: what a Resolver query log line says of the query. */
export function dnsSource(event: DnsEvent): SourceEventRef {
  const key = `${event.queryNameAsLogged ?? event.queryName} ${event.queryType ?? "-"} from ${end(event.srcAddr, event.srcPort)} at ${new Date(event.time).toISOString()}`;
  return { key, object: event.origin.object, line: event.origin.line };
}
