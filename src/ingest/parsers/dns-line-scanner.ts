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

/** A JSON string's contents that mean what they show: no escape, no control character (which JSON.parse refuses). */
const PLAIN = String.raw`[^"\\\u0000-\u001f]*`;
/** `open` starts each string's group: "(" captures it, "(?:" does not. */
const answer = (open: string) => String.raw`\{"Rdata":"${open}${PLAIN})","Type":"${open}${PLAIN})","Class":"${open}${PLAIN})"\}`;
const plainMember = (open: string) => String.raw`"${open}${PLAIN})":"${open}${PLAIN})"`;

/**
 * The whole line in AWS's shape, its fields captured. One regular expression (compiled to machine code by V8) reads
 * a line several times faster than a scan character by character in JavaScript, and the test it makes is the same:
 * every character outside the strings is matched literally, so a line it accepts is plain compact JSON.
 */
const AWS_LINE = new RegExp(
  [
    String.raw`^\{"version":"${PLAIN}"`,
    ...["account_id", "region", "vpc_id", "query_timestamp", "query_name", "query_type", "query_class", "rcode"].map((key) => `,"${key}":"(${PLAIN})"`),
    String.raw`,"answers":\[((?:${answer("(?:")}(?:,${answer("(?:")})*)?)\]`,
    ...["srcaddr", "srcport", "transport"].map((key) => `,"${key}":"(${PLAIN})"`),
    String.raw`,"srcids":\{((?:${plainMember("(?:")}(?:,${plainMember("(?:")})*)?)\}`,
    String.raw`((?:,${plainMember("(?:")})*)\}$`,
  ].join(""),
);
/** Sticky: each reads the element at lastIndex of a list AWS_LINE has already matched, its strings captured. */
const NEXT_ANSWER = new RegExp(`,?${answer("(")}`, "y");
const NEXT_MEMBER = new RegExp(`,?${plainMember("(")}`, "y");

/** Keys a scanned line holds once: a repeat after them would be the value JSON.parse keeps. */
const KNOWN_KEYS: ReadonlySet<string> = new Set([
  "version", "account_id", "region", "vpc_id", "query_timestamp", "query_name", "query_type", "query_class",
  "rcode", "answers", "srcaddr", "srcport", "transport", "srcids",
]);

/**
 * Longer lines are left to JSON.parse: AWS_LINE's backtracking stack is bounded, and a line of millions of answers
 * (tens of MB) would exhaust it; no real query's record comes near this.
 */
export const MAX_SCANNED_LINE_CHARS = 1 << 20;

export function scanDnsLine(line: string): ScannedDnsLine | undefined {
  if (line.length > MAX_SCANNED_LINE_CHARS) return undefined;
  const fields = AWS_LINE.exec(line);
  if (fields === null) return undefined;
  const sourceIds = scanSourceIds(fields[13]);
  if (sourceIds === undefined || !plainTrailingMembers(fields[14])) return undefined;
  return {
    accountId: fields[1],
    region: fields[2],
    vpcId: fields[3],
    queryTimestamp: fields[4],
    queryName: fields[5],
    queryType: fields[6],
    queryClass: fields[7],
    rcode: fields[8],
    answers: scanAnswers(fields[9]),
    srcAddr: fields[10],
    srcPort: fields[11],
    transport: fields[12],
    instance: sourceIds.instance,
    resolverEndpoint: sourceIds.resolverEndpoint,
  };
}

/** The `{"Rdata":…,"Type":…,"Class":…}` elements of an answers list AWS_LINE matched. */
function scanAnswers(list: string): DnsAnswer[] {
  const answers: DnsAnswer[] = [];
  NEXT_ANSWER.lastIndex = 0;
  for (let found = NEXT_ANSWER.exec(list); found !== null; found = NEXT_ANSWER.exec(list)) {
    answers.push({ type: found[2], data: found[1], class: found[3] });
  }
  return answers;
}

/** `instance` and `resolver_endpoint` among srcids' members; undefined when one repeats (JSON.parse keeps the last). */
function scanSourceIds(members: string): { instance?: string; resolverEndpoint?: string } | undefined {
  const ids: { instance?: string; resolverEndpoint?: string } = {};
  NEXT_MEMBER.lastIndex = 0;
  for (let member = NEXT_MEMBER.exec(members); member !== null; member = NEXT_MEMBER.exec(members)) {
    const [, key, value] = member;
    if (key === "instance") {
      if (ids.instance !== undefined) return undefined;
      ids.instance = value;
    } else if (key === "resolver_endpoint") {
      if (ids.resolverEndpoint !== undefined) return undefined;
      ids.resolverEndpoint = value;
    }
  }
  return ids;
}

/** Whether the members after srcids (DNS Firewall's) leave the scanned keys alone. */
function plainTrailingMembers(members: string): boolean {
  if (members.length === 0) return true;
  NEXT_MEMBER.lastIndex = 0;
  for (let member = NEXT_MEMBER.exec(members); member !== null; member = NEXT_MEMBER.exec(members)) {
    if (KNOWN_KEYS.has(member[1])) return false;
  }
  return true;
}
