import type { DnsAnswer } from "../../detection/events.js";

/**
 * Reads a Route 53 Resolver query-log line in the exact shape AWS writes it — compact JSON, keys in
 * AWS's order, plain strings — without JSON.parse, which alone costs more than the rest of the DNS path.
 * Any line that deviates (another key order, a missing key, whitespace, an escape or control character in
 * a string, a value of another type) is not recognised: the caller parses it with JSON.parse, so the
 * events are the same either way. Recognised lines are always valid JSON: their raw record is the
 * line's JSON.parse, done only when something reads it.
 */
export type ScannedDnsLine = {
  accountId: string;
  region: string;
  vpcId: string;
  queryTimestamp: string;
  queryName: string;
  queryType: string;
  queryClass: string;
  rcode: string;
  answers: DnsAnswer[];
  srcAddr: string;
  srcPort: string;
  transport: string;
  instance?: string;
  resolverEndpoint?: string;
};

/** What makes a JSON string more than the characters between its quotes, or invalid: escapes, control characters. */
const NOT_PLAIN = /[\u0000-\u001f\\]/;

/** Keys a scanned line holds once: a repeat after them would be the value JSON.parse keeps. */
const KNOWN_KEYS: ReadonlySet<string> = new Set([
  "version", "account_id", "region", "vpc_id", "query_timestamp", "query_name", "query_type", "query_class",
  "rcode", "answers", "srcaddr", "srcport", "transport", "srcids",
]);

class Cursor {
  position = 0;
  constructor(readonly text: string) {}

  /** Consumes `literal` when the text continues with it. */
  take(literal: string): boolean {
    if (!this.text.startsWith(literal, this.position)) return false;
    this.position += literal.length;
    return true;
  }

  /** The contents of a string whose opening quote was consumed, through its closing quote (the line holds no escapes). */
  plainString(): string | undefined {
    const close = this.text.indexOf('"', this.position);
    if (close === -1) return undefined;
    const value = this.text.slice(this.position, close);
    this.position = close + 1;
    return value;
  }

  /** `"key":"value"` after `prefix` (the key with its quotes and colon); undefined when it is not there as a plain string. */
  member(prefix: string): string | undefined {
    return this.take(prefix) ? this.plainString() : undefined;
  }
}

export function scanDnsLine(line: string): ScannedDnsLine | undefined {
  if (NOT_PLAIN.test(line)) return undefined;
  const cursor = new Cursor(line);
  if (cursor.member('{"version":"') === undefined) return undefined;
  const accountId = cursor.member(',"account_id":"');
  const region = accountId === undefined ? undefined : cursor.member(',"region":"');
  const vpcId = region === undefined ? undefined : cursor.member(',"vpc_id":"');
  const queryTimestamp = vpcId === undefined ? undefined : cursor.member(',"query_timestamp":"');
  const queryName = queryTimestamp === undefined ? undefined : cursor.member(',"query_name":"');
  const queryType = queryName === undefined ? undefined : cursor.member(',"query_type":"');
  const queryClass = queryType === undefined ? undefined : cursor.member(',"query_class":"');
  const rcode = queryClass === undefined ? undefined : cursor.member(',"rcode":"');
  if (rcode === undefined || !cursor.take(',"answers":[')) return undefined;
  const answers = scanAnswers(cursor);
  const srcAddr = answers === undefined ? undefined : cursor.member(',"srcaddr":"');
  const srcPort = srcAddr === undefined ? undefined : cursor.member(',"srcport":"');
  const transport = srcPort === undefined ? undefined : cursor.member(',"transport":"');
  if (transport === undefined || !cursor.take(',"srcids":{')) return undefined;
  const sourceIds = scanSourceIds(cursor);
  if (sourceIds === undefined || !scanTrailingMembers(cursor)) return undefined;
  return {
    accountId: accountId!,
    region: region!,
    vpcId: vpcId!,
    queryTimestamp: queryTimestamp!,
    queryName: queryName!,
    queryType: queryType!,
    queryClass: queryClass!,
    rcode,
    answers: answers!,
    srcAddr: srcAddr!,
    srcPort: srcPort!,
    transport,
    instance: sourceIds.instance,
    resolverEndpoint: sourceIds.resolverEndpoint,
  };
}

/** `{"Rdata":…,"Type":…,"Class":…}` elements through the closing bracket. */
function scanAnswers(cursor: Cursor): DnsAnswer[] | undefined {
  const answers: DnsAnswer[] = [];
  if (cursor.take("]")) return answers;
  do {
    const data = cursor.member('{"Rdata":"');
    const type = data === undefined ? undefined : cursor.member(',"Type":"');
    const answerClass = type === undefined ? undefined : cursor.member(',"Class":"');
    if (answerClass === undefined || !cursor.take("}")) return undefined;
    answers.push({ type, data: data!, class: answerClass });
  } while (cursor.take(","));
  return cursor.take("]") ? answers : undefined;
}

/** `instance` and `resolver_endpoint`, each at most once, among other plain-string members, through the closing brace. */
function scanSourceIds(cursor: Cursor): { instance?: string; resolverEndpoint?: string } | undefined {
  const ids: { instance?: string; resolverEndpoint?: string } = {};
  if (cursor.take("}")) return ids;
  do {
    const key = cursor.take('"') ? cursor.plainString() : undefined;
    const value = key !== undefined && cursor.take(':"') ? cursor.plainString() : undefined;
    if (value === undefined) return undefined;
    // A repeated id is left to JSON.parse, which keeps the last; other members are not read.
    if (key === "instance") {
      if (ids.instance !== undefined) return undefined;
      ids.instance = value;
    } else if (key === "resolver_endpoint") {
      if (ids.resolverEndpoint !== undefined) return undefined;
      ids.resolverEndpoint = value;
    }
  } while (cursor.take(","));
  return cursor.take("}") ? ids : undefined;
}

/** Plain-string members after srcids (DNS Firewall's), none repeating a scanned key, then the end of the record and line. */
function scanTrailingMembers(cursor: Cursor): boolean {
  while (cursor.take(',"')) {
    const key = cursor.plainString();
    if (key === undefined || KNOWN_KEYS.has(key) || !cursor.take(':"') || cursor.plainString() === undefined) return false;
  }
  return cursor.take("}") && cursor.position === cursor.text.length;
}
