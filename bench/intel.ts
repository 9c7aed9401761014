/**
 * Threat-intel index benchmark: builds one account's 250,000-entry threat list (GuardDuty's
 * maximum) plus a 2,000-entry trusted list, then times lookups of IPv4, IPv6 and domain hits and
 * misses through the same ThreatIndex the detections use.
 *
 *   npx tsx bench/intel.ts                      generated entries (IPv4, IPv4 CIDRs, IPv6, domains)
 *   npx tsx bench/intel.ts [FORMAT=]FILE ...    real lists first (FORMAT: TXT by default, STIX for
 *                                               .json/.xml), topped up with generated entries
 */
import { readFileSync } from "node:fs";
import { isListFormat, parseList } from "../src/detection/intel/formats/parse-list.js";
import { GUARDDUTY_LIST_LIMITS, type ListEntry, type ListFormat } from "../src/detection/intel/formats/types.js";
import { buildThreatIndex, type ThreatIndex } from "../src/detection/intel/threat-index.js";

export type IntelBenchOptions = {
  /** Threat entries to index (default 250,000). */
  entries?: number;
  /** Real list files, each `path` or `FORMAT=path`. */
  lists?: string[];
  /** Lookups timed per case (default 200,000). */
  lookups?: number;
};

export type IntelBenchResult = {
  entries: number;
  kinds: Record<string, number>;
  /** Parsing the real lists given; undefined when none were. */
  parseMs?: number;
  buildMs: number;
  lookupsPerSecond: Record<LookupCase, number>;
  /** Share of each case's lookups that found a match: ~1 for hits, ~0 for misses, else the bench is wrong. */
  matchedShare: Record<LookupCase, number>;
};

type LookupCase = "ipv4Hit" | "ipv4Miss" | "ipv6Hit" | "ipv6Miss" | "domainHit" | "domainMiss";

const ACCOUNT = "123456789012";
const TRUSTED_ENTRIES = 2_000;

export function runIntelBench(options: IntelBenchOptions = {}): IntelBenchResult {
  const target = options.entries ?? 250_000;
  const lookups = options.lookups ?? 200_000;
  const next = random(20240227);

  const lists = options.lists ?? [];
  const parseStart = performance.now();
  const real = lists.flatMap(readList);
  const parseMs = lists.length > 0 ? performance.now() - parseStart : undefined;
  const entries = [...real.slice(0, target), ...generateEntries(target - Math.min(real.length, target), next)];
  const trusted = generateEntries(TRUSTED_ENTRIES, random(7)).filter((entry) => entry.kind === "ipv4");

  const buildStart = performance.now();
  const index = buildThreatIndex({
    accounts: new Map([[ACCOUNT, { trusted: [{ id: "trusted", name: "trusted", entries: trusted }], threat: [{ id: "threat", name: "threat", entries }] }]]),
  });
  const buildMs = performance.now() - buildStart;

  // Through JSON, as a log parser hands them over: flat strings, not the rope strings concatenation makes.
  const queries = JSON.parse(JSON.stringify(buildQueries(entries, lookups, next))) as Record<LookupCase, string[]>;
  const lookupsPerSecond = {} as Record<LookupCase, number>;
  const matchedShare = {} as Record<LookupCase, number>;
  for (const [name, values] of Object.entries(queries) as [LookupCase, string[]][]) {
    const measured = measure(index, name.startsWith("domain") ? "domain" : "ip", values);
    lookupsPerSecond[name] = measured.perSecond;
    matchedShare[name] = measured.matchedShare;
  }
  return { entries: entries.length, kinds: countKinds(entries), parseMs, buildMs, lookupsPerSecond, matchedShare };
}

function readList(argument: string): ListEntry[] {
  const separator = argument.indexOf("=");
  const named = separator > 0 ? argument.slice(0, separator) : "";
  const path = separator > 0 ? argument.slice(separator + 1) : argument;
  const format: ListFormat = isListFormat(named) ? named : /\.(json|xml)$/i.test(path) ? "STIX" : "TXT";
  const result = parseList(format, readFileSync(path), GUARDDUTY_LIST_LIMITS);
  if (!result.ok) throw new Error(`${path}: ${result.error.message}`);
  return result.list.entries;
}

/** Deterministic pseudo-random 32-bit numbers (mulberry32: unlike a plain LCG, its low bits do not cycle). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return (mixed ^ (mixed >>> 14)) >>> 0;
  };
}

/** Public IPv4 space only (first octets 11–99), so hits take the full path, routability check included. */
function publicIpv4(next: () => number): string {
  const value = next();
  return `${11 + (value % 89)}.${(value >>> 8) & 255}.${(value >>> 16) & 255}.${next() & 255}`;
}

function ipv6(next: () => number): string {
  const group = () => (next() & 0xffff).toString(16);
  return `2a0${next() % 10}:${group()}:${group()}:${group()}::${group()}`;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
const TLDS = ["com", "net", "org", "info", "top", "xyz", "ru", "biz"];

function domain(next: () => number): string {
  let label = "";
  const length = 6 + (next() % 10);
  for (let i = 0; i < length; i++) label += LETTERS[next() % LETTERS.length];
  return `${label}.${TLDS[next() % TLDS.length]}`;
}

/** GuardDuty-realistic mix: mostly single IPv4 addresses, then domains, CIDRs and IPv6. */
function generateEntries(count: number, next: () => number): ListEntry[] {
  const entries: ListEntry[] = [];
  for (let i = 0; i < count; i++) {
    const roll = i % 20;
    if (roll < 11) entries.push({ value: publicIpv4(next), kind: "ipv4" });
    else if (roll < 13) entries.push({ value: `${publicIpv4(next).replace(/\.\d+$/, ".0")}/24`, kind: "cidr4" });
    else if (roll < 15) entries.push({ value: ipv6(next), kind: "ipv6" });
    else if (roll < 16) entries.push({ value: `${ipv6(next).replace(/::[0-9a-f]+$/, "::")}/48`, kind: "cidr6" });
    else entries.push({ value: domain(next), kind: "domain" });
  }
  return entries;
}

/** Hits are entries themselves (or a subdomain / an address inside a network); misses are fresh random values. */
function buildQueries(entries: ListEntry[], count: number, next: () => number): Record<LookupCase, string[]> {
  const pick = (kinds: string[]) => entries.filter((entry) => kinds.includes(entry.kind));
  const ipv4 = pick(["ipv4", "cidr4"]);
  const ipv6Entries = pick(["ipv6", "cidr6"]);
  const domains = pick(["domain", "wildcard"]);
  const sample = <T>(pool: T[], make: (item: T) => string) =>
    Array.from({ length: pool.length === 0 ? 0 : count }, () => make(pool[next() % pool.length]));
  return {
    ipv4Hit: sample(ipv4, (entry) => entry.value.replace(/\.0\/\d+$/, `.${next() & 255}`)),
    ipv4Miss: Array.from({ length: count }, () => publicIpv4(next)),
    ipv6Hit: sample(ipv6Entries, (entry) => entry.value.replace(/::\/\d+$/, `::${(next() & 0xffff).toString(16)}`)),
    ipv6Miss: Array.from({ length: count }, () => ipv6(next)),
    domainHit: sample(domains, (entry) => (next() % 2 ? entry.value.replace(/^\*\./, "") : `www.${entry.value.replace(/^\*\./, "")}`)),
    domainMiss: Array.from({ length: count }, () => `www.${domain(next)}`),
  };
}

function measure(index: ThreatIndex, kind: "ip" | "domain", queries: string[]): { perSecond: number; matchedShare: number } {
  if (queries.length === 0) return { perSecond: 0, matchedShare: 0 };
  const lookup = kind === "ip" ? (q: string) => index.matchIp(ACCOUNT, q) : (q: string) => index.matchDomain(ACCOUNT, q);
  for (let i = 0; i < Math.min(queries.length, 20_000); i++) lookup(queries[i]);
  let matched = 0;
  const start = process.hrtime.bigint();
  // Counting matches also keeps the loop from being optimized away.
  for (const query of queries) if (lookup(query).length > 0) matched++;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: Math.round(queries.length / seconds), matchedShare: matched / queries.length };
}

function countKinds(entries: ListEntry[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const entry of entries) kinds[entry.kind] = (kinds[entry.kind] ?? 0) + 1;
  return kinds;
}

function print(result: IntelBenchResult): void {
  const kinds = Object.entries(result.kinds).map(([kind, count]) => `${kind} ${count.toLocaleString("en-US")}`).join(", ");
  console.log(`threat intel index: ${result.entries.toLocaleString("en-US")} entries (${kinds})`);
  if (result.parseMs !== undefined) console.log(`  parse real lists  ${result.parseMs.toFixed(0)} ms`);
  console.log(`  build             ${result.buildMs.toFixed(0)} ms`);
  for (const [name, perSecond] of Object.entries(result.lookupsPerSecond) as [LookupCase, number][]) {
    const nanoseconds = perSecond > 0 ? (1e9 / perSecond).toFixed(0) : "-";
    const matched = (result.matchedShare[name] * 100).toFixed(1);
    console.log(`  ${name.padEnd(17)} ${perSecond.toLocaleString("en-US").padStart(12)} lookups/s  (${nanoseconds} ns each, ${matched}% matched)`);
  }
}

if (require.main === module) {
  print(runIntelBench({ lists: process.argv.slice(2) }));
}
