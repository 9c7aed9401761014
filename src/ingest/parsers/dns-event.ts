import type { DnsAnswer, DnsEvent, EventOrigin } from "../../detection/events.js";
import { RecentResults } from "../../detection/names/recent-results.js";
import { scanDnsLine, type ScannedDnsLine } from "./dns-line-scanner.js";
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
    ...queryNames(queryName),
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

/** The normalized name, and the name as logged when lower-casing changed it (base64 in names needs the case). */
function queryNames(logged: string): { queryName: string; queryNameAsLogged: string | undefined } {
  const lower = logged.toLowerCase();
  return { queryName: normalizeQueryName(lower), queryNameAsLogged: lower === logged ? undefined : logged };
}

/**
 * The names of recent scanned lines. Resolvers' clients ask for the same names all day, so events of one name share
 * its strings, which the rules' memos of names then find already hashed. The memo keeps copies: a name sliced from
 * the object's text would keep its whole text chunk (512 KB) alive for as long as the memo, or a rule's, holds it.
 */
const recentQueryNames = new RecentResults((logged) => queryNames(ownCopy(logged)), 8192, ownCopy);

/** The string's characters in a string of their own: concatenating flattens, and the slice refers to the copy. */
function ownCopy(text: string): string {
  return ` ${text}`.slice(1);
}

/**
 * The event of a JSON line in the shape AWS writes (dns-line-scanner.ts), read without JSON.parse; undefined for a
 * line of any other shape, which the caller parses. Both give the same event.
 */
export function lineToDnsEvent(line: string, origin: EventOrigin, hints: ObjectHints): DnsEvent | string | undefined {
  const scanned = scanDnsLine(line);
  if (scanned === undefined) return undefined;
  const time = isoTime(scanned.queryTimestamp);
  if (time === undefined) return "not a Route 53 Resolver query log record: no valid query_timestamp";
  const accountId = presentOrUndefined(scanned.accountId) ?? hints.accountId;
  if (accountId === undefined) return "no account id: account_id is not set";
  return new ScannedDnsEvent(line, scanned, time, accountId, hints, origin);
}

/**
 * A scanned line's event, built field by field from the scan (one object per record: this runs for every line).
 * Its raw record is parsed from the line the first time it is read, which few events are (custom rules, a
 * finding's firewall verdict): it is a getter of the class, so spreads and JSON copies leave it out.
 */
class ScannedDnsEvent implements DnsEvent {
  readonly kind = "dns";
  time: number;
  accountId: string;
  region?: string;
  vpcId?: string;
  queryName: string;
  queryNameAsLogged?: string;
  queryType?: string;
  queryClass?: string;
  rcode?: string;
  answers: DnsAnswer[];
  srcAddr?: string;
  srcPort?: number;
  transport?: string;
  instanceId?: string;
  resolverEndpointId?: string;
  origin: EventOrigin;
  #line: string;
  #raw?: JsonObject;

  constructor(line: string, scanned: ScannedDnsLine, time: number, accountId: string, hints: ObjectHints, origin: EventOrigin) {
    this.#line = line;
    this.time = time;
    this.accountId = accountId;
    this.region = presentOrUndefined(scanned.region) ?? hints.region;
    this.vpcId = presentOrUndefined(scanned.vpcId);
    const { queryName, queryNameAsLogged } = recentQueryNames.get(scanned.queryName);
    this.queryName = queryName;
    this.queryNameAsLogged = queryNameAsLogged;
    this.queryType = scanned.queryType;
    this.queryClass = scanned.queryClass;
    this.rcode = scanned.rcode;
    this.answers = scanned.answers;
    this.srcAddr = presentOrUndefined(scanned.srcAddr);
    this.srcPort = toPort(scanned.srcPort);
    this.transport = scanned.transport;
    this.instanceId = presentString(scanned.instance);
    this.resolverEndpointId = presentString(scanned.resolverEndpoint);
    this.origin = origin;
  }

  get raw(): JsonObject {
    this.#raw ??= JSON.parse(this.#line) as JsonObject;
    return this.#raw;
  }
}

function presentOrUndefined(value: string): string | undefined {
  return value.length > 0 ? value : undefined;
}

/** DNS names are case-insensitive, and the root label's dot carries no meaning for matching against lists. */
function normalizeQueryName(lower: string): string {
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
