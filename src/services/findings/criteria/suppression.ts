/**
 * Suppression rules (filters with action ARCHIVE), as the ingestion pipeline applies them: a new
 * finding that matches a rule of its detector's governing account (the administrator's, for a
 * member) is stored archived and suppressed, and never pushed to subscribers or destinations.
 *
 * Pipeline use, once per batch:
 *   const rules = await services.filters.suppressionRulesFor(detectorIds);   // one query
 *   const suppressedIds = suppressedFindingIds(findings, rules);            // pure
 *   await upsertFindings(tx, findings, suppressedIds);
 * Suppression only decides at creation: the store keeps a stored finding's suppressed flag.
 */
import type { Finding } from "../../../detection/findings/types.js";
import { compileCriteria, type FindingCriteria } from "./criteria.js";
import { criteriaToPredicate, type FindingJson, type FindingPredicate } from "./to-predicate.js";

export type SuppressionRule = { filterName: string; rank: number; matches: FindingPredicate };

/** Rules of one detector, keyed by the detector id findings carry in `service.detectorId`. */
export type SuppressionRulesByDetector = ReadonlyMap<string, readonly SuppressionRule[]>;

/** Throws BAD_USER_INPUT when the stored criteria no longer compile. */
export function compileSuppressionRule(filter: { name: string; rank: number; findingCriteria: FindingCriteria }): SuppressionRule {
  return { filterName: filter.name, rank: filter.rank, matches: criteriaToPredicate(compileCriteria(filter.findingCriteria)) };
}

/** The first rule (rules come in rank order) that archives the finding; undefined when none does. */
export function suppressingRule(finding: Finding | FindingJson, rules: readonly SuppressionRule[]): SuppressionRule | undefined {
  return rules.find((rule) => rule.matches(finding as FindingJson));
}

/** The ids of the findings a suppression rule archives: what `upsertFindings` takes as `suppressedIds`. */
export function suppressedFindingIds(findings: readonly Finding[], rulesByDetector: SuppressionRulesByDetector): Set<string> {
  const suppressed = new Set<string>();
  for (const finding of findings) {
    const rules = rulesByDetector.get(finding.service.detectorId);
    if (rules?.length && suppressingRule(finding, rules)) suppressed.add(finding.id);
  }
  return suppressed;
}
