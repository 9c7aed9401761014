import { createHash, randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { dnsEvent } from "../../../testing/dns-records.js";
import { decodeLabels } from "./decoded-labels.js";
import type { DnsEvent } from "../../../events.js";
import type { FindingCandidate } from "../../../engine/types.js";
import { MemoryWindowStore } from "../../../engine/windows.js";
import { testContext } from "../../../testing/cloudtrail.js";
import { hash32, sketchAdd, sketchEstimate, sketchUnion, SKETCH_SIZE } from "../shared/distinct-sketch.js";
import { entropy } from "./features.js";
import { dnsDataExfiltration as rule, type TunnelPartial } from "./rule.js";

const T0 = Date.UTC(2026, 2, 1, 12);

function query(queryName: string, second: number, instanceId = "i-0abc"): DnsEvent {
  return { kind: "dns", time: T0 + second * 1000, accountId: "111122223333", region: "eu-west-1", queryName, answers: [], srcAddr: "10.0.0.5", instanceId, raw: {}, origin: { object: "dns.log", line: second } };
}

/** What a tunnel sends: chunks of data, base32-encoded into labels of up to 63 characters. */
function tunnelQueries(count: number, parent: string): DnsEvent[] {
  const base32 = (bytes: Buffer) => [...bytes].map((b) => "abcdefghijklmnopqrstuvwxyz234567"[b % 32]).join("");
  return Array.from({ length: count }, (_, i) => query(`${base32(randomBytes(50))}.${base32(randomBytes(40))}.${parent}`, i));
}

/** Folds events batch by batch through the in-memory window store, as `vigil scan` does. */
function run(batches: DnsEvent[][]): FindingCandidate[] {
  const store = new MemoryWindowStore([rule]);
  const context = testContext();
  const found: FindingCandidate[] = [];
  for (const batch of batches) {
    const partials = new Map<string, TunnelPartial>();
    for (const event of batch) rule.accumulate(event, context, partials);
    const merged = store.merge(new Map([[rule.id, partials as Map<string, unknown>]]));
    for (const [key, value] of merged.get(rule.id) ?? []) rule.decide(key, value as TunnelPartial, context, (c) => found.push(c));
  }
  return found;
}

describe("DNSDataExfiltration", () => {
  it("fires on many long random names under one parent, counted across batches", () => {
    const queries = tunnelQueries(30, "exfil-example.net");
    expect(run([queries.slice(0, 15)])).toEqual([]);
    const found = run([queries.slice(0, 15), queries.slice(15)]);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].meta.type).toBe("Trojan:EC2/DNSDataExfiltration");
    expect(found[0].aggregationKey).toBe("111122223333|i-0abc|exfil-example.net");
    expect(found[0].additionalInfo).toMatchObject({ parentDomain: "exfil-example.net", distinctNames: 30 });
  });

  it("stays quiet for many distinct but chosen names under one parent, and for repeated names", () => {
    const sites = ["www.shop-one.com", "blog.another-site.org", "static.news-portal.co.uk", "img.travel-deals.com", "api.weather-now.io"];
    const cdn = Array.from({ length: 60 }, (_, i) => query(`${sites[i % 5].replace("www", `w${i}`)}.cdn-provider.net`, i));
    const repeated = Array.from({ length: 60 }, (_, i) => query("a-very-long-but-always-the-same-name-for-telemetry.vendor-example.com", i));
    expect(run([cdn, repeated])).toEqual([]);
  });

  it("keeps sources apart: the same parent queried by two instances is two windows", () => {
    const queries = tunnelQueries(30, "exfil-example.net").map((event, i) => ({ ...event, instanceId: i % 2 ? "i-0one" : "i-0two" }));
    expect(run([queries])).toEqual([]);
  });
});

/** A file sent a chunk per query, each chunk encoded into one label, as logged (letter case kept). */
const PASSWD = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n";
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
function base32(bytes: Buffer): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    for (; bits >= 5; bits -= 5) out += BASE32[(value >>> (bits - 5)) & 31];
  }
  return bits > 0 ? out + BASE32[(value << (5 - bits)) & 31] : out;
}
const encoders: Record<string, (chunk: Buffer) => string> = { hex: (c) => c.toString("hex"), base32, base64: (c) => c.toString("base64url") };

function encodedQueries(encoding: string, chunks: number, parent = "exfil-example.net"): DnsEvent[] {
  return Array.from({ length: chunks }, (_, i) => {
    const chunk = Buffer.from(PASSWD.slice(i * 24, i * 24 + 24));
    return dnsEvent({ name: `${encoders[encoding](chunk)}.${i}.${parent}`, instance: "i-0abc", time: new Date(T0 + i * 1000).toISOString().replace(/\.\d+Z$/, "Z") }, i + 1);
  });
}

describe("DNSDataExfiltration: names that decode", () => {
  it.each(["hex", "base32", "base64"])("fires on a few %s names under one parent that decode into text, with a truncated sample", (encoding) => {
    expect(run([encodedQueries(encoding, 2)])).toEqual([]);
    const [found] = run([encodedQueries(encoding, 3)]);
    expect(found.meta.type).toBe("Trojan:EC2/DNSDataExfiltration");
    const info = found.additionalInfo as { decodedNames: number; decoded: { encoding: string; content: string; sample: string } };
    expect(info.decodedNames).toBe(3);
    expect(info.decoded).toMatchObject({ encoding, content: "text" });
    // Half of one 24-byte chunk at most, non-printable bytes as '.', then an ellipsis.
    expect(info.decoded.sample).toMatch(/^.{12}…$/);
    expect(PASSWD.replaceAll("\n", ".")).toContain(info.decoded.sample.slice(0, -1));
    expect(found.templateValues.decoded).toContain(`decode from ${encoding} into text`);
  });

  it("reads compressed data: each gzip message is shown by what it inflates to", () => {
    const encoded = ["first", "second", "third"].map((part) => gzipSync(Buffer.from(`${part} batch of stolen rows: ${PASSWD}`)).toString("base64url"));
    const names = encoded.map((text, i) => `${text.slice(0, 60)}.${text.slice(60, 120)}.${i}.exfil-example.net`);
    const [found] = run([names.map((name, i) => dnsEvent({ name, instance: "i-0abc" }, i + 1))]);
    expect((found.additionalInfo as { decoded: unknown }).decoded).toMatchObject({ encoding: "base64", content: "compressed", sample: expect.stringMatching(/^(first|second|third)/) });
  });

  it("does not read random bytes as data: hashes and cache keys decode to neither text nor a stream", () => {
    const hashes = Array.from({ length: 10 }, (_, i) => createHash("sha256").update(String(i)).digest());
    const names = hashes.flatMap((hash, i) => [hash.toString("hex"), base32(hash), hash.toString("base64url")].map((label, j) => query(`${label}.av-lookup.example.com`, 3 * i + j)));
    expect(names.map((event) => decodeLabels(event.queryName.split(".")[0]))).toEqual(names.map(() => undefined));
    expect(run([names.slice(0, 18)])).toEqual([]);
  });
});

describe("distinct-name sketch", () => {
  it("is exact below its size, estimates within 25% above it, and unions in any order", () => {
    const small: number[] = [];
    for (let i = 0; i < 40; i++) sketchAdd(small, hash32(`name-${i % 20}`));
    expect(sketchEstimate(small)).toBe(20);
    const [a, b]: number[][] = [[], []];
    for (let i = 0; i < 5000; i++) sketchAdd(i % 2 ? a : b, hash32(`label-${i}`));
    expect(a.length).toBe(SKETCH_SIZE);
    expect(sketchUnion(a, b)).toEqual(sketchUnion(b, a));
    expect(Math.abs(sketchEstimate(sketchUnion(a, b)) - 5000)).toBeLessThan(1250);
  });

  it("measures entropy in bits per character", () => {
    expect(entropy("aaaa")).toBe(0);
    expect(entropy("abcd")).toBe(2);
  });
});
