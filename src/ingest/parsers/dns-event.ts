import type { DnsAnswer, DnsEvent, EventOrigin } from "../../detection/events.js";
import { isoTime, objectField, presentString, stringField, type JsonObject } from "./json-values.js";
import type { ObjectHints } from "./object-hints.js";

/**
 * A Route 53 Resolver query log record as a DnsEvent, or the reason it cannot be one. A query needs a name and a
 * time to be of any use to a detection; everything else is optional.
 */
export function toDnsEvent(record: JsonObject, origin: EventOrigin, hints: ObjectHints): DnsEvent | string {
  const queryName = stringField(record.query_name);
  const time = isoTime(record.query_timestamp);
  if (queryName === undefined || time === undefined) {
    const problems = [queryName === undefined && "no query_name", time === undefined && "no valid query_timestamp"];
    return `not a Route 53 Resolver query log record: ${problems.filter(Boolean).join(", ")}`;
  }
  const accountId = presentString(record.account_id) ?? hints.accountId;
  if (accountId === undefined) return "no account id: account_id is not set";
  const sourceIds = objectField(record.srcids);
  return {
    kind: "dns",
    time,
    accountId,
    region: presentString(record.region) ?? hints.region,
    vpcId: presentString(record.vpc_id),
    queryName: normalizeQueryName(queryName),
    queryType: stringField(record.query_type),
    queryClass: stringField(record.query_class),
    rcode: stringField(record.rcode),
    answers: toAnswers(record.answers),
    srcAddr: presentString(record.srcaddr),
    srcPort: toPort(record.srcport),
    transport: stringField(record.transport),
    instanceId: presentString(sourceIds?.instance),
    resolverEndpointId: presentString(sourceIds?.resolver_endpoint),
    raw: record,
    origin,
  };
}

/** DNS names are case-insensitive, and the root label's dot carries no meaning for matching against lists. */
function normalizeQueryName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

/** The log has an array of answers; some exporters flatten a single answer to one object. */
function toAnswers(value: unknown): DnsAnswer[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const answers: DnsAnswer[] = [];
  for (const item of list) {
    const answer = objectField(item);
    const data = stringField(answer?.Rdata);
    if (answer === undefined || data === undefined) continue;
    answers.push({ type: stringField(answer.Type), data, class: stringField(answer.Class) });
  }
  return answers;
}

/** The log writes ports as strings ("56067"). */
function toPort(value: unknown): number | undefined {
  const port = typeof value === "number" ? value : typeof value === "string" && value !== "" ? Number(value) : NaN;
  return Number.isInteger(port) ? port : undefined;
}
