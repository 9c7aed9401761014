/**
 * Trojan:EC2/DNSDataExfiltration, a windowed rule: per source (instance or address), parent domain
 * (the registered domain) and window, it folds queries into counts — queries, distinct names below
 * the parent (k-minimum-values sketch), total length and entropy of those names — and decides when a
 * window has at least `minDistinct` distinct names whose mean length and entropy reach the
 * thresholds. Tunnels encode data in the names, so every query is new, long and random; no single
 * query decides (tuns' short "r12345" polls would pass alone), and the tool does not matter.
 * It also fires when at least `minDecodedNames` distinct names under one parent decode (hex, base32,
 * base64) into text or compressed data (decoded-labels.ts): data sent a little at a time, in names
 * too short or too few to move the means. The finding shows a truncated decoded sample.
 */
import type { DnsEvent } from "../../../events.js";
import type { WindowedRule } from "../../../engine/types.js";
import { isPublicDomain } from "../../../intel/domain/public-domain.js";
import { dnsCandidate } from "../shared/dns-candidate.js";
import { queryWindowKeys } from "../shared/query-window-keys.js";
import type { PublicSuffixList } from "../../../names/public-suffix-list.js";
import { RecentResults } from "../../../names/recent-results.js";
import { hash32, sketchAdd, sketchEstimate, sketchUnion } from "../shared/distinct-sketch.js";
import { decodeLabels, type DecodedLabels } from "./decoded-labels.js";
import { entropy } from "./features.js";
import { DNS_DATA_EXFILTRATION } from "./meta.js";

export type TunnelThresholds = {
  windowMs: number;
  /** Distinct names below one parent within the window. */
  minDistinct: number;
  /** Mean characters of the part below the parent domain. */
  minMeanLength: number;
  /** Mean Shannon entropy of that part, bits per character. */
  minMeanEntropy: number;
  /** Distinct names below one parent whose labels decode into text or compressed data. */
  minDecodedNames: number;
};

/** Tuned leave-one-tool-out in `npm run eval` (README "DNS tunnelling model"). */
export const DEFAULT_TUNNEL_THRESHOLDS: TunnelThresholds = { windowMs: 15 * 60_000, minDistinct: 20, minMeanLength: 40, minMeanEntropy: 2.5, minDecodedNames: 3 };

/** A decoded query; the one of the smallest name is kept, so any merge order keeps the same. */
export type DecodedQuery = DecodedLabels & { query: string };

/**
 * JSON-serializable window aggregate; the example event is the longest query, shown in the finding.
 * `decoded` is the sketch of the distinct names whose labels decode, `decodedSample` one of them.
 */
export type TunnelPartial = { queries: number; sketch: number[]; length: number; entropy: number; first: number; last: number; example: DnsEvent; decoded: number[]; decodedSample?: DecodedQuery };

function smallerSample(a: DecodedQuery | undefined, b: DecodedQuery | undefined): DecodedQuery | undefined {
  if (!a || !b) return a ?? b;
  return a.query <= b.query ? a : b;
}

/** Whether a's example is kept over b's: the longer name, else the first in order. */
function keepsExample(a: TunnelPartial, b: TunnelPartial): boolean {
  return a.example.queryName.length > b.example.queryName.length || (a.example.queryName.length === b.example.queryName.length && a.example.queryName <= b.example.queryName);
}

export function mergeTunnelPartials(a: TunnelPartial, b: TunnelPartial): TunnelPartial {
  const longer = keepsExample(a, b) ? a : b;
  return {
    queries: a.queries + b.queries,
    sketch: sketchUnion(a.sketch, b.sketch),
    length: a.length + b.length,
    entropy: a.entropy + b.entropy,
    first: Math.min(a.first, b.first),
    last: Math.max(a.last, b.last),
    example: longer.example,
    decoded: sketchUnion(a.decoded, b.decoded),
    ...withSample(smallerSample(a.decodedSample, b.decodedSample)),
  };
}

/** The sample as an optional field: JSON drops undefined ones, so partials compare equal after a store round trip. */
function withSample(sample: DecodedQuery | undefined): { decodedSample?: DecodedQuery } {
  return sample ? { decodedSample: sample } : {};
}

/** mergeTunnelPartials(running, b), changing `running`: for the in-memory store's running values. */
function mergeTunnelPartialsInto(running: TunnelPartial, b: TunnelPartial): TunnelPartial {
  if (!keepsExample(running, b)) running.example = b.example;
  running.queries += b.queries;
  for (const hash of b.sketch) sketchAdd(running.sketch, hash);
  running.length += b.length;
  running.entropy += b.entropy;
  running.first = Math.min(running.first, b.first);
  running.last = Math.max(running.last, b.last);
  for (const hash of b.decoded) sketchAdd(running.decoded, hash);
  const sample = smallerSample(running.decodedSample, b.decodedSample);
  if (sample) running.decodedSample = sample;
  return running;
}

/** Aggregate features of a window, for the decision and for the evaluation. */
export function tunnelFeatures(partial: TunnelPartial): { distinct: number; meanLength: number; meanEntropy: number } {
  return { distinct: sketchEstimate(partial.sketch), meanLength: partial.length / partial.queries, meanEntropy: partial.entropy / partial.queries };
}

export function isTunnel(partial: TunnelPartial, thresholds: TunnelThresholds): boolean {
  const { distinct, meanLength, meanEntropy } = tunnelFeatures(partial);
  return distinct >= thresholds.minDistinct && meanLength >= thresholds.minMeanLength && meanEntropy >= thresholds.minMeanEntropy;
}

export function carriesDecodedData(partial: TunnelPartial, thresholds: TunnelThresholds): boolean {
  return sketchEstimate(partial.decoded) >= thresholds.minDecodedNames;
}

/** What the rule decides on a window: a tunnel by its means, or names that decode. */
export function raisesExfiltration(partial: TunnelPartial, thresholds: TunnelThresholds): boolean {
  return isTunnel(partial, thresholds) || carriesDecodedData(partial, thresholds);
}

/** The part below the parent as the resolver logged it (letter case kept, which base64 needs), else as normalized. */
function loggedBelow(event: DnsEvent, below: string): string {
  const logged = event.queryNameAsLogged;
  if (logged === undefined || !logged.toLowerCase().startsWith(below)) return below;
  return logged.slice(0, below.length);
}

/** What the rule reads from a normalized name alone; undefined for names it does not count. */
type NameFeatures = { domain: string; below: string; bits: number; hash: number; decoded: DecodedLabels | undefined };

function nameFeatures(name: string, publicSuffixes: PublicSuffixList): NameFeatures | undefined {
  if (!isPublicDomain(name)) return undefined;
  const registered = publicSuffixes.registeredDomain(name);
  if (!registered || registered.subdomain.length === 0) return undefined;
  const below = registered.subdomain.join(".");
  return { domain: registered.domain, below, bits: entropy(below), hash: hash32(below), decoded: decodeLabels(below) };
}

/** Per suffix list, the features of recent names: resolvers' clients ask for the same names all day. */
const recentFeatures = new WeakMap<PublicSuffixList, RecentResults<NameFeatures | undefined>>();

function featuresOf(name: string, publicSuffixes: PublicSuffixList): NameFeatures | undefined {
  let recent = recentFeatures.get(publicSuffixes);
  if (!recent) recentFeatures.set(publicSuffixes, (recent = new RecentResults((key) => nameFeatures(key, publicSuffixes))));
  return recent.get(name);
}

/** Folds one query into its window partial; exported for the evaluation, which groups queries itself. */
export function accumulateQuery(event: DnsEvent, partials: Map<string, TunnelPartial>, windowMs: number, publicSuffixes: PublicSuffixList): void {
  const features = featuresOf(event.queryName, publicSuffixes);
  if (!features) return;
  const { below, bits, hash } = features;
  const key = queryWindowKeys(windowMs).keyWith(event, features.domain);
  // A name logged with upper-case letters is decoded as logged (base64 needs the case), the rest as cached.
  const decoded = event.queryNameAsLogged === undefined ? features.decoded : decodeLabels(loggedBelow(event, below));
  const sample = decoded ? { ...decoded, query: event.queryName } : undefined;
  const partial = partials.get(key);
  // The example travels through the window store with every partial: the raw record stays behind.
  if (!partial) {
    const first = { queries: 1, sketch: [hash], length: below.length, entropy: bits, first: event.time, last: event.time, example: { ...event, raw: {} }, decoded: decoded ? [hash] : [] };
    partials.set(key, { ...first, ...withSample(sample) });
    return;
  }
  if (sample) {
    sketchAdd(partial.decoded, hash);
    partial.decodedSample = smallerSample(partial.decodedSample, sample);
  }
  partial.queries++;
  sketchAdd(partial.sketch, hash);
  partial.length += below.length;
  partial.entropy += bits;
  partial.first = Math.min(partial.first, event.time);
  partial.last = Math.max(partial.last, event.time);
  if (event.queryName.length > partial.example.queryName.length) partial.example = { ...event, raw: {} };
}

export function dnsDataExfiltrationRule(thresholds: TunnelThresholds = DEFAULT_TUNNEL_THRESHOLDS): WindowedRule<DnsEvent, TunnelPartial> {
  return {
    id: "dns-data-exfiltration",
    kind: "dns",
    findingTypes: [DNS_DATA_EXFILTRATION],
    windowMs: thresholds.windowMs,
    accumulate(event, context, partials) {
      accumulateQuery(event, partials, thresholds.windowMs, context.names.publicSuffixes);
    },
    merge: mergeTunnelPartials,
    mergeInto: mergeTunnelPartialsInto,
    decide(key, merged, _context, emit) {
      const decoded = carriesDecodedData(merged, thresholds) ? merged.decodedSample : undefined;
      if (!decoded && !isTunnel(merged, thresholds)) return;
      const parent = key.slice(key.lastIndexOf("|") + 1);
      const { distinct, meanLength, meanEntropy } = tunnelFeatures(merged);
      const decodedNames = sketchEstimate(merged.decoded);
      const candidate = dnsCandidate(DNS_DATA_EXFILTRATION, merged.example, {
        key: [parent],
        domainWithSuffix: parent,
        templateValues: {
          parent,
          queries: String(merged.queries),
          distinct: String(distinct),
          minutes: String(Math.round(thresholds.windowMs / 60_000)),
          meanLength: meanLength.toFixed(1),
          meanEntropy: meanEntropy.toFixed(2),
          decoded: decoded ? `${decodedNames} of the names decode from ${decoded.encoding} into ${decoded.content === "text" ? "text" : "compressed data"}, such as ${decoded.query}: "${decoded.sample}". ` : "",
          thresholds: `${thresholds.minDistinct} distinct names, mean length ${thresholds.minMeanLength}, mean entropy ${thresholds.minMeanEntropy} bits; or ${thresholds.minDecodedNames} names that decode`,
        },
        additionalInfo: {
          parentDomain: parent,
          queries: merged.queries,
          distinctNames: distinct,
          meanLength: Number(meanLength.toFixed(1)),
          meanEntropyBits: Number(meanEntropy.toFixed(2)),
          ...(decoded ? { decodedNames, decoded: { query: decoded.query, encoding: decoded.encoding, content: decoded.content, sample: decoded.sample } } : {}),
        },
      });
      emit(candidate);
    },
  };
}

export const dnsDataExfiltration = dnsDataExfiltrationRule();
