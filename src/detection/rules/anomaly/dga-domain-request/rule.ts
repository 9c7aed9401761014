/**
 * Trojan:EC2/DGADomainRequest.B: a DNS query whose registered label (the name bought from a
 * registrar, under the ICANN public suffixes) scores as randomly generated under the character
 * model (character-model.ts). It knows no DGA family: it measures how unlike real names a label is,
 * so families it never saw are caught as long as they draw letters at random. Names built from
 * dictionary words or pronounceable syllables (matsnu, simda-style) read as real names and are
 * missed; the evaluation reports that per family.
 */
import type { DnsRule, NameReference } from "../../../engine/types.js";
import { isPublicDomain } from "../../../intel/domain/public-domain.js";
import { dnsCandidate } from "../shared/dns-candidate.js";
import { DGA_DOMAIN_REQUEST_B } from "./meta.js";

/** Nats of evidence for "random" a registered label needs (tuned in `npm run eval`, README "DGA model"). */
export const DEFAULT_DGA_THRESHOLD = 8.5;

const SCORABLE = /^[a-z0-9-]+$/;

/** The label's randomness score, or undefined for names the model does not judge (IDNs, reverse lookups, local names). */
export function dgaScore(name: string, { publicSuffixes, benignNames }: NameReference): { label: string; domain: string; score: number } | undefined {
  if (!isPublicDomain(name) || name.endsWith(".arpa")) return undefined;
  const registered = publicSuffixes.registeredDomain(name);
  if (!registered || registered.label.startsWith("xn--") || !SCORABLE.test(registered.label)) return undefined;
  return { label: registered.label, domain: registered.domain, score: benignNames.randomness(registered.label) };
}

export function dgaDomainRequestRule(threshold = DEFAULT_DGA_THRESHOLD): DnsRule {
  return {
    id: "dga-domain-request",
    kind: "dns",
    findingTypes: [DGA_DOMAIN_REQUEST_B],
    evaluate(event, context, emit) {
      const scored = dgaScore(event.queryName, context.names);
      if (!scored || scored.score < threshold) return;
      const score = scored.score.toFixed(1);
      emit(
        dnsCandidate(DGA_DOMAIN_REQUEST_B, event, {
          key: [],
          domainWithSuffix: scored.domain,
          templateValues: { label: scored.label, score, threshold: String(threshold) },
          additionalInfo: { registeredLabel: scored.label, randomnessNats: Number(score), thresholdNats: threshold, rcode: event.rcode },
        }),
      );
    },
  };
}

export const dgaDomainRequest = dgaDomainRequestRule();
