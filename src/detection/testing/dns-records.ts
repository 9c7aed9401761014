/** Test support for DNS rules: Route 53 Resolver query-log records as documented, read by the real parser. */
import type { DnsEvent } from "../events.js";
import { toDnsEvent } from "../../ingest/parsers/dns-event.js";
import { ACCOUNT } from "./flow-records.js";

export type DnsFields = { name: string; answers?: Array<{ Rdata: string; Type?: string }>; instance?: string; srcaddr?: string; blocked?: boolean; time?: string };

/** A Route 53 Resolver query-log record as documented, read by the parser. */
export function dnsEvent(f: DnsFields, line = 1): DnsEvent {
  const record: Record<string, unknown> = {
    version: "1.100000",
    account_id: ACCOUNT,
    region: "eu-west-1",
    vpc_id: "vpc-0a1b2c3d",
    query_timestamp: f.time ?? "2026-01-01T00:00:00Z",
    query_name: `${f.name}.`,
    query_type: "A",
    query_class: "IN",
    rcode: "NOERROR",
    answers: (f.answers ?? [{ Rdata: "198.51.100.10" }]).map((answer) => ({ Type: "A", Class: "IN", ...answer })),
    srcaddr: f.srcaddr ?? "10.0.1.5",
    srcport: "53155",
    transport: "UDP",
    srcids: { instance: f.instance ?? "i-0123456789abcdef0" },
    ...(f.blocked ? { firewall_rule_action: "BLOCK" } : {}),
  };
  const event = toDnsEvent(record, { object: "dns-test.log", line }, {});
  if (typeof event === "string") throw new Error(event);
  return event;
}

