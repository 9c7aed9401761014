/**
 * A seeded fuzz test of each log parser (fast-check is not a dependency, so a small generator stands in):
 * good records mixed with truncated ones, fields of the wrong type and huge fields, cut into random chunks.
 * Whatever the mix, parsing never throws and every good record comes out as an event, exactly once.
 * A failing seed is printed by the test name and can be replayed alone.
 */
import { gzipSync } from "node:zlib";
import type { VigilEvent } from "../../detection/events.js";
import { chunked, parseAll, randomSizes } from "./test-helpers.js";
// The benchmarks' seeded generator: a failure replays from its seed.
import { seededRandom, type Random } from "../../../bench/generate/random.js";

const SEEDS = Array.from({ length: 12 }, (_, index) => 1000 + index * 7919);
const RECORDS = 30;
const HUGE = 512 * 1024;


const WRONG_VALUES: readonly unknown[] = [42, -1, 1e308, true, null, [], [1, "a"], {}, { nested: { deeper: [] } }, "", "\u0000\uffff"];

/** A copy of `record` broken one way: a field of the wrong type, a huge field, or (as text) cut short. */
function damagedJson(record: Record<string, unknown>, random: Random): string {
  const copy: Record<string, unknown> = structuredClone(record);
  const keys = Object.keys(copy);
  switch (random.int(3)) {
    case 0:
      for (let n = 1 + random.int(3); n > 0; n--) copy[random.pick(keys)] = random.pick(WRONG_VALUES);
      return JSON.stringify(copy);
    case 1:
      copy[random.pick(keys)] = "x".repeat(HUGE);
      return JSON.stringify(copy);
    default: {
      const text = JSON.stringify(copy);
      return text.slice(0, 1 + random.int(text.length - 1));
    }
  }
}

/** Good records in order, each followed now and then by a damaged one. */
function mixedLines<T>(good: T[], random: Random, damaged: (record: T) => string, line: (record: T) => string): string[] {
  const lines: string[] = [];
  for (const record of good) {
    lines.push(line(record));
    if (random.int(3) === 0) lines.push(damaged(record));
  }
  return lines;
}

/** The events, after checking that the damage was seen: some records were counted broken, none crashed the parse. */
async function parsedWithRandomChunks(text: string, seed: number, objectKey: string, gzip: boolean): Promise<VigilEvent[]> {
  const bytes = gzip ? gzipSync(text) : Buffer.from(text);
  const { events, stats } = await parseAll(chunked(bytes, randomSizes(seed, 64, 4096)), { objectKey });
  expect(stats.broken).toBeGreaterThan(0);
  return events;
}

function expectEachOnce(found: Array<string | number | undefined>, expected: Array<string | number>): void {
  const counts = new Map<string | number | undefined, number>();
  for (const id of found) counts.set(id, (counts.get(id) ?? 0) + 1);
  expect(expected.filter((id) => counts.get(id) !== 1)).toEqual([]);
}

function cloudTrailRecord(index: number, seed: number): Record<string, unknown> {
  return {
    eventVersion: "1.10",
    eventTime: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeInstances",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.20",
    userAgent: "aws-cli/2",
    userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/u", accountId: "111122223333", userName: "u" },
    requestParameters: { filterSet: { items: [{ name: "instance-id" }] } },
    eventID: `good-${seed}-${index}`,
    recipientAccountId: "111122223333",
  };
}

function dnsRecord(index: number, seed: number): Record<string, unknown> {
  return {
    version: "1.100000",
    account_id: "111122223333",
    region: "us-east-1",
    vpc_id: "vpc-7example",
    query_timestamp: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
    query_name: `good-${seed}-${index}.example.com.`,
    query_type: "A",
    query_class: "IN",
    rcode: "NOERROR",
    answers: [{ Rdata: "203.0.113.9", Type: "A", Class: "IN" }],
    srcaddr: "10.0.0.5",
    srcport: "53000",
    transport: "UDP",
    srcids: { instance: "i-0d15cd0d3example" },
  };
}

const FLOW_HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

function flowLine(index: number): string {
  // The source port tells the good records apart: 10000 + index.
  return `2 111122223333 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 ${10_000 + index} 22 6 20 4249 ${1_767_225_600 + index} ${1_767_225_660 + index} ACCEPT OK`;
}

function damagedFlowLine(line: string, random: Random): string {
  const fields = line.split(" ");
  switch (random.int(4)) {
    case 0:
      // Bad records get ports no good record has, so they can never pass for one.
      fields[5] = random.pick(["abc", "-5", "1e9", "99999999999999999999", "", "0x16"]);
      fields[7] = random.pick(["tcp", "-", "6.5"]);
      return fields.join(" ");
    case 1:
      fields[3] = "9".repeat(HUGE);
      fields[5] = "1";
      return fields.join(" ");
    case 2:
      return fields.slice(0, 1 + random.int(fields.length - 1)).join(" ");
    default:
      return [...fields, "extra", "fields"].join(" ").replace(/ \d+ 22 /, " 2 22 ");
  }
}

describe.each(SEEDS)("parsers under random damage (seed %i)", (seed) => {
  it("CloudTrail as JSON lines: every good record once, gzip'd or not", async () => {
    const random = seededRandom(seed);
    const good = Array.from({ length: RECORDS }, (_, index) => cloudTrailRecord(index, seed));
    // Damaged copies keep an eventID no good record has.
    const damaged = (record: Record<string, unknown>) => damagedJson({ ...record, eventID: `bad-${String(record.eventID)}` }, random);
    const text = mixedLines(good, random, damaged, (record) => JSON.stringify(record)).join("\n");
    const events = await parsedWithRandomChunks(text, seed, "trail.json", seed % 2 === 0);
    expectEachOnce(events.map((event) => (event as { eventId?: string }).eventId), good.map((record) => String(record.eventID)));
  });

  it("CloudTrail as {Records:[…]} with wrong types and huge fields inside: every good record once", async () => {
    const random = seededRandom(seed);
    const good = Array.from({ length: RECORDS }, (_, index) => cloudTrailRecord(index, seed));
    const elements: string[] = [];
    for (const record of good) {
      elements.push(JSON.stringify(record));
      // Inside an array only whole elements can be damaged: a cut element would swallow the rest of the object.
      if (random.int(3) === 0) {
        const copy: Record<string, unknown> = { ...record, eventID: `bad-${String(record.eventID)}` };
        copy[random.pick(Object.keys(copy))] = random.int(2) ? random.pick(WRONG_VALUES) : "y".repeat(HUGE);
        elements.push(JSON.stringify(copy));
      }
      if (random.int(6) === 0) elements.push(JSON.stringify(random.pick(WRONG_VALUES)));
    }
    const events = await parsedWithRandomChunks(`{"Records":[${elements.join(",")}]}`, seed, "trail.json.gz", true);
    expectEachOnce(events.map((event) => (event as { eventId?: string }).eventId), good.map((record) => String(record.eventID)));
  });

  it("Route 53 Resolver query logs: every good record once", async () => {
    const random = seededRandom(seed);
    const good = Array.from({ length: RECORDS }, (_, index) => dnsRecord(index, seed));
    const damaged = (record: Record<string, unknown>) => damagedJson({ ...record, query_name: `bad-${String(record.query_name)}` }, random);
    const text = mixedLines(good, random, damaged, (record) => JSON.stringify(record)).join("\n");
    const events = await parsedWithRandomChunks(text, seed, "resolver.log", seed % 2 === 1);
    expectEachOnce(
      events.map((event) => (event as { queryName?: string }).queryName),
      good.map((record) => String(record.query_name).toLowerCase().replace(/\.$/, "")),
    );
  });

  it("VPC Flow Logs: every good record once", async () => {
    const random = seededRandom(seed);
    const good = Array.from({ length: RECORDS }, (_, index) => flowLine(index));
    const text = [FLOW_HEADER, ...mixedLines(good, random, (line) => damagedFlowLine(line, random), (line) => line)].join("\n");
    const events = await parsedWithRandomChunks(text, seed, "flow.log.gz", seed % 2 === 0);
    expectEachOnce(
      events.map((event) => (event as { srcPort?: number }).srcPort),
      good.map((_, index) => 10_000 + index),
    );
  });
});
