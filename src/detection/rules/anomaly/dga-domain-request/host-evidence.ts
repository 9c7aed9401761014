/**
 * What one host's queries within a window say about DGA malware, folded so that window stores can
 * merge it from any worker in any order (associative, commutative, bounded):
 *  - `domains`: distinct registered domains the host asked for (k-minimum-values sketch): the
 *    denominator of the share, and the reason a CDN's thousand random-looking host names under one
 *    registered domain count once;
 *  - `generated`, `unanswered`: distinct registered domains scoring as generated, and those of them
 *    answered NXDOMAIN (DGA malware tries many names its operator never registered);
 *  - `top`: the highest-scoring generated names, for the finding (one per registered domain).
 */
import type { DnsEvent } from "../../../events.js";
import { hash32, sketchAdd, sketchEstimate, sketchUnion } from "../shared/distinct-sketch.js";

export type GeneratedName = { domain: string; query: string; score: number; nxdomain: boolean };

export type DgaHostEvidence = {
  domains: number[];
  generated: number[];
  unanswered: number[];
  top: GeneratedName[];
  /** The query of the highest-scoring name, stripped of its raw record: the finding's action. */
  example: DnsEvent;
};

/** Names a finding lists; also what a partial carries, so it stays small. */
export const LISTED_NAMES = 20;

/** Higher score first, then the domain: a total order, so every merge order keeps the same names. */
function ranksBefore(a: GeneratedName, b: GeneratedName): boolean {
  return a.score > b.score || (a.score === b.score && a.domain < b.domain);
}

function mergeName(a: GeneratedName, b: GeneratedName): GeneratedName {
  return { domain: a.domain, score: a.score, query: a.query <= b.query ? a.query : b.query, nxdomain: a.nxdomain || b.nxdomain };
}

/**
 * The best LISTED_NAMES of both lists, one entry per domain. A domain's score depends on the domain
 * alone, so a name cut from one list ranks below LISTED_NAMES others in the union as well.
 */
function mergeTop(a: readonly GeneratedName[], b: readonly GeneratedName[]): GeneratedName[] {
  const byDomain = new Map<string, GeneratedName>();
  for (const name of [...a, ...b]) {
    const seen = byDomain.get(name.domain);
    byDomain.set(name.domain, seen ? mergeName(seen, name) : name);
  }
  return [...byDomain.values()].sort((x, y) => (ranksBefore(x, y) ? -1 : ranksBefore(y, x) ? 1 : 0)).slice(0, LISTED_NAMES);
}

/** The query of the list's first name (each side's example is its own first name's query), else the earlier query. */
function exampleFor(top: readonly GeneratedName[], a: DnsEvent, b: DnsEvent): DnsEvent {
  const wanted = top[0]?.query;
  if (wanted !== undefined && a.queryName !== b.queryName) return a.queryName === wanted ? a : b;
  if (a.queryName !== b.queryName) return a.queryName < b.queryName ? a : b;
  return a.time <= b.time ? a : b;
}

export function mergeEvidence(a: DgaHostEvidence, b: DgaHostEvidence): DgaHostEvidence {
  const top = mergeTop(a.top, b.top);
  return {
    domains: sketchUnion(a.domains, b.domains),
    generated: sketchUnion(a.generated, b.generated),
    unanswered: sketchUnion(a.unanswered, b.unanswered),
    top,
    example: exampleFor(top, a.example, b.example),
  };
}

/** Folds one query (its registered domain, and its score when generated) into a window's evidence, in place. */
export function addQuery(evidence: DgaHostEvidence | undefined, event: DnsEvent, domain: string, generated: { score: number } | undefined): DgaHostEvidence {
  const hash = hash32(domain);
  // The example travels through the window store with every partial: the raw record stays behind.
  const target = evidence ?? { domains: [], generated: [], unanswered: [], top: [], example: { ...event, raw: {} } };
  sketchAdd(target.domains, hash);
  if (!generated) return target;
  const nxdomain = event.rcode === "NXDOMAIN";
  sketchAdd(target.generated, hash);
  if (nxdomain) sketchAdd(target.unanswered, hash);
  const name: GeneratedName = { domain, query: event.queryName, score: Number(generated.score.toFixed(1)), nxdomain };
  const hadNames = target.top.length > 0;
  target.top = mergeTop(target.top, [name]);
  target.example = hadNames ? exampleFor(target.top, target.example, event) : event;
  if (target.example === event) target.example = { ...event, raw: {} };
  return target;
}

export type EvidenceCounts = { domains: number; generated: number; unanswered: number };

export function evidenceCounts(evidence: DgaHostEvidence): EvidenceCounts {
  return { domains: sketchEstimate(evidence.domains), generated: sketchEstimate(evidence.generated), unanswered: sketchEstimate(evidence.unanswered) };
}
