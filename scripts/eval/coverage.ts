/**
 * The coverage table "class → rules → Stratus techniques found", derived from a run: a rule covers a
 * technique when a finding of one of its types credited that technique. The class is the MITRE
 * tactic of the rule's type meta (a rule with types of several tactics appears under each).
 */
import type { FindingTypeMeta } from "../../src/detection/engine/types.js";

export type RuleTypes = { id: string; findingTypes: readonly FindingTypeMeta[] };

export type CoverageRow = { tactic: string; rule: string; cold: string[]; primed: string[] };

/** Techniques whose credited types include one of `types`. */
function techniquesOf(types: ReadonlySet<string>, found: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  return [...found].filter(([, raised]) => [...raised].some((type) => types.has(type))).map(([technique]) => technique).sort();
}

export function coverageRows(rules: readonly RuleTypes[], cold: ReadonlyMap<string, ReadonlySet<string>>, primed: ReadonlyMap<string, ReadonlySet<string>>): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const rule of rules) {
    const byTactic = new Map<string, Set<string>>();
    for (const meta of rule.findingTypes) byTactic.set(meta.mitre.tactic, (byTactic.get(meta.mitre.tactic) ?? new Set()).add(meta.type));
    for (const [tactic, types] of byTactic) rows.push({ tactic, rule: rule.id, cold: techniquesOf(types, cold), primed: techniquesOf(types, primed) });
  }
  return rows.sort((a, b) => a.tactic.localeCompare(b.tactic) || a.rule.localeCompare(b.rule));
}

/** Per technique, the union of the types credited to it in several runs. */
export function mergeFound(...runs: Array<ReadonlyMap<string, ReadonlySet<string>>>): Map<string, Set<string>> {
  const merged = new Map<string, Set<string>>();
  for (const run of runs) for (const [technique, types] of run) merged.set(technique, new Set([...(merged.get(technique) ?? []), ...types]));
  return merged;
}
