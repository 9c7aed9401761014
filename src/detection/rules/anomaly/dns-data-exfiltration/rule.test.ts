import { randomBytes } from "node:crypto";
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
