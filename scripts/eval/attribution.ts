/**
 * How findings are credited, the way the judge counts: a technique is found when some finding's
 * source events (finding.vigil.sourceEvents eventIds) include one of the technique's events; a
 * finding is false when every source event it names is benign.
 */
import type { Finding } from "../../src/detection/findings/types.js";

const sourceEventIds = (finding: Finding) => finding.vigil.sourceEvents.map((ref) => ref.eventId).filter((id): id is string => id !== undefined);

/** Per technique, the finding types whose source events include the technique's events (empty: not found). */
export function typesByTechnique(findings: readonly Finding[], eventIdsByTechnique: ReadonlyMap<string, ReadonlySet<string>>): Map<string, Set<string>> {
  const found = new Map([...eventIdsByTechnique.keys()].map((technique) => [technique, new Set<string>()]));
  for (const finding of findings) {
    for (const id of sourceEventIds(finding)) {
      for (const [technique, ids] of eventIdsByTechnique) if (ids.has(id)) found.get(technique)!.add(finding.type);
    }
  }
  return found;
}

/** Findings whose source events are all benign (a finding naming no event id is not counted either way). */
export function falseFindings(findings: readonly Finding[], benignEventIds: ReadonlySet<string>): Finding[] {
  return findings.filter((finding) => {
    const ids = sourceEventIds(finding);
    return ids.length > 0 && ids.every((id) => benignEventIds.has(id));
  });
}
