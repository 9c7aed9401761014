/**
 * The line scanner against JSON.parse: every line it recognises gives the event JSON.parse gives (raw record
 * included), and every line it does not is left to JSON.parse — whatever an attacker writes into a query name.
 */
import type { DnsEvent } from "../../detection/events.js";
import { dnsLines } from "../../../bench/generate/dns.js";
import { loadIndicators } from "../../../bench/generate/indicators.js";
import { seededRandom } from "../../../bench/generate/random.js";
import { lineToDnsEvent, toDnsEvent } from "./dns-event.js";
import { MAX_SCANNED_LINE_CHARS, scanDnsLine } from "./dns-line-scanner.js";
import { fixtureJson, parseAll } from "./test-helpers.js";

const ORIGIN = { object: "resolver.log", line: 7 };
const HINTS = { accountId: "444455556666", region: "eu-west-1" };
const [DOCUMENTED] = fixtureJson<{ records: Array<Record<string, unknown>> }>("aws-docs-route53-resolver-query-log-example.json").records;

/** The documented record with its keys in the order AWS writes them to S3 and CloudWatch. */
function inAwsOrder(record: Record<string, unknown>): Record<string, unknown> {
  const order = ["version", "account_id", "region", "vpc_id", "query_timestamp", "query_name", "query_type", "query_class", "rcode", "answers", "srcaddr", "srcport", "transport", "srcids"];
  const ordered: Record<string, unknown> = {};
  for (const key of order) ordered[key] = record[key];
  for (const key of Object.keys(record)) if (!(key in ordered)) ordered[key] = record[key];
  return ordered;
}

const AWS_LINE = JSON.stringify(inAwsOrder(DOCUMENTED));

function generatedLines(count: number): string[] {
  const lines = dnsLines(seededRandom(5), { accountId: "123456789012", maliciousShare: 0.05, startTime: Date.UTC(2026, 10, 1) }, loadIndicators());
  return Array.from({ length: count }, () => lines.next().value as string);
}

/** An event with its raw record read, so that comparing compares it too (it is a getter on scanned events). */
function withRaw(event: DnsEvent | string | undefined): unknown {
  return typeof event === "object" ? { ...event, raw: event.raw } : event;
}

function viaJsonParse(line: string): unknown {
  return withRaw(toDnsEvent(JSON.parse(line) as Record<string, unknown>, ORIGIN, HINTS));
}

/** Lines in the usual shape with attacker-chosen or odd values, each still plain compact JSON. */
const RECOGNISED_VARIANTS: Array<[string, Record<string, unknown>]> = [
  ["upper-case, unicode and a trailing-dot-less name", { query_name: "ExAmPlE.COM" }],
  ["a name of emoji and astral characters", { query_name: "😀.𝔘𝔫𝔦.example." }],
  ["a huge name", { query_name: `${"a".repeat(300_000)}.example.com.` }],
  ["an empty account id, region and address (the hints fill in)", { account_id: "", region: "", srcaddr: "" }],
  ["a time without zone", { query_timestamp: "2022-06-25 00:27:53" }],
  ["a time that is not one", { query_timestamp: "soon" }],
  ["an empty or unparseable port", { srcport: "" }],
  ["a port that is not a number", { srcport: "0x35" }],
  ["no answers", { answers: [] }],
  ["several answers", { answers: [{ Rdata: "1.2.3.4", Type: "A", Class: "IN" }, { Rdata: "::1", Type: "AAAA", Class: "IN" }] }],
  ["a resolver endpoint", { srcids: { resolver_endpoint: "rslvr-in-0123456789abcdef" } }],
  ["both ids and another one", { srcids: { instance: "i-1", resolver_endpoint: "rslvr-in-1", other: "x" } }],
  ["no source ids", { srcids: {} }],
  ["a key named like a prototype", { srcids: { __proto__: "x", instance: "i-2" } as Record<string, unknown> }],
  ["characters JSON leaves unescaped: quotes are escaped, so not these", { query_name: "a'b<c>&d.example." }],
];

/** Lines the scanner must leave to JSON.parse: JSON.parse reads them differently from their surface. */
const LEFT_TO_JSON_PARSE: Array<[string, string]> = [
  ["another key order", JSON.stringify(DOCUMENTED)],
  ["an escaped quote in the name", AWS_LINE.replace('"query_name":"', '"query_name":"a\\"b')],
  ["a unicode escape in the name", AWS_LINE.replace('"query_name":"', '"query_name":"\\u0041')],
  ["an escape in a key", AWS_LINE.replace('"query_name"', '"query\\u005fname"')],
  ["a raw control character", AWS_LINE.replace('"query_name":"', '"query_name":"\u0001')],
  ["whitespace between tokens", AWS_LINE.replace('"region":', '"region": ')],
  ["a repeated query name after srcids", AWS_LINE.replace(/\}$/, ',"query_name":"evil.example."}')],
  ["a repeated instance id", AWS_LINE.replace('{"instance":"i-0d15cd0d3example"}', '{"instance":"i-1","instance":"i-2"}')],
  ["a number where a string is", AWS_LINE.replace('"srcport":"56067"', '"srcport":56067')],
  ["a null where a string is", AWS_LINE.replace('"rcode":"NOERROR"', '"rcode":null')],
  ["an answer object instead of a list", AWS_LINE.replace(/"answers":\[(.*?)\]/, '"answers":$1')],
  ["answer keys in another order", AWS_LINE.replace('{"Rdata":"203.0.113.9","Type":"PTR"', '{"Type":"PTR","Rdata":"203.0.113.9"')],
  ["a missing key", AWS_LINE.replace('"vpc_id":"vpc-7example",', "")],
  ["a trailing member that is not a string", AWS_LINE.replace(/\}$/, ',"extra":{"a":1}}')],
  ["text after the record", `${AWS_LINE} x`],
  ["a cut-off record", AWS_LINE.slice(0, -2)],
  ["a line that is not JSON", "version account_id"],
  ["a control character outside the strings", AWS_LINE.replace('","region"', '",\u0001"region"')],
  ["a repeated resolver endpoint", AWS_LINE.replace(/"srcids":\{/, '"srcids":{"resolver_endpoint":"r-1","resolver_endpoint":"r-2",')],
  ["a repeated srcids after it", AWS_LINE.replace(/\}$/, ',"srcids":"x"}')],
];

describe("Route 53 Resolver line scanner", () => {
  it("gives JSON.parse's event for the documented record in AWS's key order, firewall fields included", () => {
    expect(scanDnsLine(AWS_LINE)).toBeDefined();
    const event = lineToDnsEvent(AWS_LINE, ORIGIN, HINTS) as DnsEvent;
    expect(withRaw(event)).toEqual(viaJsonParse(AWS_LINE));
    expect(event.raw.firewall_rule_action).toBe("BLOCK");
  });

  it("recognises every generated line and gives JSON.parse's event for each", () => {
    const lines = generatedLines(2000);
    expect(lines.filter((line) => scanDnsLine(line) === undefined)).toEqual([]);
    for (const line of lines) expect(withRaw(lineToDnsEvent(line, ORIGIN, HINTS))).toEqual(viaJsonParse(line));
  });

  it.each(RECOGNISED_VARIANTS)("recognises %s and agrees with JSON.parse", (_name, changes) => {
    const line = JSON.stringify(inAwsOrder({ ...DOCUMENTED, ...changes }));
    expect(scanDnsLine(line)).toBeDefined();
    expect(withRaw(lineToDnsEvent(line, ORIGIN, HINTS))).toEqual(viaJsonParse(line));
  });

  it.each(LEFT_TO_JSON_PARSE)("leaves %s to JSON.parse", (_name, line) => {
    expect(lineToDnsEvent(line, ORIGIN, HINTS)).toBeUndefined();
  });

  it("leaves a line longer than the scan limit to JSON.parse, which reads the same event", () => {
    const line = JSON.stringify(inAwsOrder({ ...DOCUMENTED, query_name: `${"a".repeat(MAX_SCANNED_LINE_CHARS)}.example.com.` }));
    expect(scanDnsLine(line)).toBeUndefined();
    expect(lineToDnsEvent(line, ORIGIN, HINTS)).toBeUndefined();
  });

  it("keeps the logged case of a name apart from the normalized one", () => {
    const line = JSON.stringify(inAwsOrder({ ...DOCUMENTED, query_name: "SGVsbG8.Example.com." }));
    expect(lineToDnsEvent(line, ORIGIN, HINTS)).toMatchObject({ queryName: "sgvsbg8.example.com", queryNameAsLogged: "SGVsbG8.Example.com." });
    expect(lineToDnsEvent(AWS_LINE, ORIGIN, HINTS)).toMatchObject({ queryNameAsLogged: undefined });
  });

  it("reads a whole object of scanned lines as JSON.parse reads the same records as an array, broken lines counted alike", async () => {
    const good = generatedLines(300);
    const lines = [...good.slice(0, 150), ...LEFT_TO_JSON_PARSE.map(([, line]) => line), ...good.slice(150)];
    const scanned = await parseAll(lines.join("\n"), { objectKey: "resolver.log" });
    const parsed = await parseAll(`[${good.join(",")}]`, { objectKey: "resolver.json" });
    const unparseable = LEFT_TO_JSON_PARSE.filter(([, line]) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    expect(scanned.stats).toMatchObject({ records: lines.length, broken: unparseable.length });
    const goodLineNumbers = new Set([...Array.from({ length: 150 }, (_, i) => i + 1), ...Array.from({ length: 150 }, (_, i) => 151 + LEFT_TO_JSON_PARSE.length + i)]);
    const fromGoodLines = scanned.events.filter((event) => goodLineNumbers.has(event.origin.line!));
    expect(fromGoodLines).toHaveLength(300);
    const withoutOrigin = (event: unknown) => ({ ...(withRaw(event as DnsEvent) as object), origin: undefined });
    expect(fromGoodLines.map(withoutOrigin)).toEqual(parsed.events.map(withoutOrigin));
  });
});
