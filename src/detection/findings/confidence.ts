/**
 * How sure a finding is, on GuardDuty's 0–10 scale (its legacy `confidence` field; Vigil uses the
 * severity's range so the two read alike), and why. The method a type detects by sets the default;
 * a type's meta or a single occurrence can say better, and a threat-list match names the entry.
 */
import type { DetectionMethod, FindingCandidate } from "../engine/types.js";
import type { ThreatMatch } from "../intel/lookup.js";

export type Confidence = { score: number; reason: string };

const BY_METHOD: Record<DetectionMethod, Confidence> = {
  CUST: { score: 9, reason: "An entry on the account's own threat list matched: the list is the operator's word that the address or domain is hostile." },
  TI: { score: 8, reason: "A threat-intelligence feed lists the address or domain; feeds also carry stale entries." },
  "TI+RULE": { score: 8, reason: "A threat-intelligence feed lists the other end, and the traffic had the shape the rule looks for." },
  RULE: { score: 7, reason: "A deterministic rule: the logged activity has the shape this type describes; whether it was wanted is for the owner to judge." },
  "RULE+ML": { score: 6, reason: "A rule on the activity, weighed against what was learned of the account: unusual is not always hostile." },
  "ML/RULE": { score: 6, reason: "A learned baseline with rule checks: unusual is not always hostile." },
  "RULE/ML": { score: 6, reason: "A rule with learned context: unusual is not always hostile." },
  ML: { score: 5, reason: "A departure from the learned baseline: unusual is not always hostile." },
  "ML (geo)": { score: 5, reason: "A location never seen before for this identity: travel and new networks look the same." },
  REP: { score: 5, reason: "A reputation score of the name, not a list entry." },
  UNKNOWN: { score: 5, reason: "The method is not documented." },
};

function matchedEntries(matches: readonly ThreatMatch[]): string {
  return matches.map((match) => `${match.listName} (entry ${match.entry})`).join(", ");
}

export function confidenceOf(candidate: FindingCandidate): Confidence {
  if (candidate.confidence) return candidate.confidence;
  const { meta } = candidate;
  const base = meta.confidence ?? BY_METHOD[meta.method];
  if (!candidate.threatIntel?.length) return base;
  return { score: base.score, reason: `${base.reason} Matched: ${matchedEntries(candidate.threatIntel)}.` };
}
