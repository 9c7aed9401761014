/**
 * Queries for names on a threat list. The account's own entity lists raise
 * MaliciousDomainRequest.Custom; managed feeds raise by category (command and control, crypto mining,
 * black hole, DGA, drive-by source, drop point, phishing), and so do GuardDuty's own test names.
 * A name matches its list entry and every name below it (intel: feeds list the domain they saw, whose
 * owner controls its subdomains).
 * Black holes are also recognised by the answer: a name the resolver answered with an address on a
 * black-hole feed was sinkholed, whatever list it is on.
 * The query counts whether or not it was answered (NXDOMAIN included: DGA malware mostly meets
 * unregistered names) and whether or not DNS Firewall blocked it (shown as blocked).
 */
import type { DnsEvent } from "../../../events.js";
import type { DetectionContext, DnsRule, FindingTypeMeta } from "../../../engine/types.js";
import type { ThreatMatch } from "../../../intel/lookup.js";
import { dnsCandidate } from "../shared/candidate.js";
import { testDomainMatches } from "./guardduty-test-domains.js";
import * as types from "./meta.js";

function typeOf(match: ThreatMatch): FindingTypeMeta | undefined {
  if (match.source === "CUSTOM") return types.MALICIOUS_DOMAIN_CUSTOM;
  switch (match.category) {
    case "COMMAND_AND_CONTROL":
      return types.COMMAND_AND_CONTROL;
    case "CRYPTO_MINING":
      return types.BITCOIN_TOOL;
    case "BLACK_HOLE":
      return types.BLACKHOLE;
    case "DGA":
      return types.DGA;
    case "DRIVE_BY_SOURCE":
      return types.DRIVE_BY;
    case "DROP_POINT":
      return types.DROP_POINT;
    case "PHISHING":
      return types.PHISHING;
    default:
      return undefined;
  }
}

/** Answers (A/AAAA data) on a black-hole feed. */
function blackHoleAnswers(event: DnsEvent, context: DetectionContext): ThreatMatch[] {
  const matches: ThreatMatch[] = [];
  for (const answer of event.answers) {
    for (const match of context.intel.matchIp(event.accountId, answer.data)) {
      if (match.source === "MANAGED" && match.category === "BLACK_HOLE") matches.push(match);
    }
  }
  return matches;
}

function byType(matches: ThreatMatch[]): Map<FindingTypeMeta, ThreatMatch[]> {
  const groups = new Map<FindingTypeMeta, ThreatMatch[]>();
  for (const match of matches) {
    const meta = typeOf(match);
    if (!meta) continue;
    const group = groups.get(meta);
    if (group) group.push(match);
    else groups.set(meta, [match]);
  }
  return groups;
}

function names(values: Iterable<string>): string {
  return [...new Set(values)].sort().join(", ");
}

export const threatIntelDomainRule: DnsRule = {
  id: "threat-intel-domain",
  kind: "dns",
  findingTypes: [
    types.COMMAND_AND_CONTROL,
    types.BITCOIN_TOOL,
    types.BLACKHOLE,
    types.DGA,
    types.DRIVE_BY,
    types.DROP_POINT,
    types.PHISHING,
    types.MALICIOUS_DOMAIN_CUSTOM,
  ],
  evaluate(event, context, emit) {
    const matches = [...context.intel.matchDomain(event.accountId, event.queryName), ...testDomainMatches(event.queryName)];
    const sinkholed = event.answers.length > 0 ? blackHoleAnswers(event, context) : [];
    // Nearly every query matches nothing: no grouping is built for it.
    if (matches.length === 0 && sinkholed.length === 0) return;
    for (const [meta, group] of byType([...matches, ...sinkholed])) {
      const threatNames = names(group.flatMap((match) => match.threatNames));
      emit(
        dnsCandidate(meta, event, {
          key: [names(group.map((match) => match.entry))],
          templateValues: { lists: names(group.map((match) => match.listName)) },
          threatIntel: group,
          additionalInfo: { threatListName: names(group.map((match) => match.listName)), ...(threatNames ? { threatName: threatNames } : {}) },
        }),
      );
    }
  },
};
