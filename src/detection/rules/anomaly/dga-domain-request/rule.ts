/**
 * Trojan:EC2/DGADomainRequest.B, decided per host: a windowed rule keyed by window, account and the
 * querying instance (or source address). Each query's registered domain is scored as before
 * (name-score.ts), but one odd name is not malware: about 2 % of popular names score as generated,
 * and a host resolves hundreds an hour. A host raises the finding when, within one window,
 *  - the generated registered domains weigh at least `minEvidence`, each answered NXDOMAIN counting 1
 *    and each that resolved `resolvedWeight` (DGA malware mostly meets names nobody registered), and
 *  - they are at least `minShare` of the distinct registered domains the host asked for.
 * Counting registered domains, not query names, keeps a CDN's many random host names to one.
 * The share falls as a host asks for more ordinary names, so a window may cross and fall back; the
 * window store raises each crossing once. Route 53 Resolver logs carry no TTLs, so TTLs cannot weigh in.
 */
import type { DnsEvent } from "../../../events.js";
import type { NameReference, WindowedRule } from "../../../engine/types.js";
import { dnsCandidate } from "../shared/dns-candidate.js";
import { queryWindowKeys } from "../shared/query-window-keys.js";
import { addQuery, evidenceCounts, mergeEvidence, type DgaHostEvidence, type EvidenceCounts } from "./host-evidence.js";
import { DGA_DOMAIN_REQUEST_B } from "./meta.js";
import { RecentResults } from "../../../names/recent-results.js";
import { dgaScore, DEFAULT_DGA_THRESHOLD, type NameScore } from "./name-score.js";

export type DgaHostSettings = {
  windowMs: number;
  /** Nats a registered label needs to count as generated. */
  threshold: number;
  /** Weight of the generated registered domains a host must reach. */
  minEvidence: number;
  /** Weight of a generated domain that resolved (one answered NXDOMAIN weighs 1). */
  resolvedWeight: number;
  /** Share of the host's distinct registered domains that must be generated. */
  minShare: number;
};

/**
 * Picked in `npm run eval` (scripts/eval/dga-hosts.ts, README "DGA model"): the most infected hosts
 * found while benign hosts stay at 0.5 per 100; every leave-one-family-out fold picks the same.
 */
export const DEFAULT_DGA_HOST_SETTINGS: DgaHostSettings = { windowMs: 60 * 60_000, threshold: DEFAULT_DGA_THRESHOLD, minEvidence: 6, resolvedWeight: 0.5, minShare: 0.02 };

export function evidenceWeight(counts: EvidenceCounts, settings: DgaHostSettings): number {
  return counts.unanswered + settings.resolvedWeight * (counts.generated - counts.unanswered);
}

export function isDgaHost(evidence: DgaHostEvidence, settings: DgaHostSettings): boolean {
  const counts = evidenceCounts(evidence);
  return evidenceWeight(counts, settings) >= settings.minEvidence && counts.generated >= settings.minShare * counts.domains;
}

/** Per name reference, the scores of recent names: resolvers' clients ask for the same names all day. */
const recentScores = new WeakMap<NameReference, RecentResults<NameScore | undefined>>();

function recentScore(name: string, names: NameReference): NameScore | undefined {
  let recent = recentScores.get(names);
  if (!recent) recentScores.set(names, (recent = new RecentResults((key) => dgaScore(key, names))));
  return recent.get(name);
}

/** Folds one query into its window's evidence; exported for the evaluation, which groups queries itself. */
export function accumulateDgaQuery(event: DnsEvent, names: NameReference, partials: Map<string, DgaHostEvidence>, settings: DgaHostSettings): void {
  const scored = recentScore(event.queryName, names);
  if (!scored) return;
  const key = queryWindowKeys(settings.windowMs).key(event);
  const generated = scored.score >= settings.threshold ? scored : undefined;
  partials.set(key, addQuery(partials.get(key), event, scored.domain, generated));
}

export function dgaDomainRequestRule(settings: DgaHostSettings = DEFAULT_DGA_HOST_SETTINGS): WindowedRule<DnsEvent, DgaHostEvidence> {
  return {
    id: "dga-domain-request",
    kind: "dns",
    findingTypes: [DGA_DOMAIN_REQUEST_B],
    windowMs: settings.windowMs,
    accumulate(event, context, partials) {
      accumulateDgaQuery(event, context.names, partials, settings);
    },
    merge: mergeEvidence,
    decide(_key, merged, _context, emit) {
      if (!isDgaHost(merged, settings)) return;
      const counts = evidenceCounts(merged);
      const share = `${Math.round((100 * counts.generated) / Math.max(1, counts.domains))} %`;
      const listed = merged.top.map((name) => `${name.query} (${name.score.toFixed(1)}${name.nxdomain ? ", NXDOMAIN" : ""})`).join(", ");
      emit(
        dnsCandidate(DGA_DOMAIN_REQUEST_B, merged.example, {
          key: [],
          domainWithSuffix: merged.top[0]?.domain,
          templateValues: {
            generated: String(counts.generated),
            unanswered: String(counts.unanswered),
            distinct: String(counts.domains),
            share,
            minutes: String(Math.round(settings.windowMs / 60_000)),
            names: listed,
            threshold: String(settings.threshold),
          },
          additionalInfo: {
            generatedDomains: counts.generated,
            generatedNxdomain: counts.unanswered,
            distinctDomains: counts.domains,
            thresholdNats: settings.threshold,
            names: merged.top.map((name) => ({ name: name.query, registeredDomain: name.domain, randomnessNats: name.score, nxdomain: name.nxdomain })),
          },
        }),
      );
    },
  };
}

export const dgaDomainRequest = dgaDomainRequestRule();
