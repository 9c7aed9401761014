/**
 * The stored custom rules in force, per detector, compiled once per rule version. A rule with scope
 * MEMBERS appears under its administrator's detector and under each associated member's: it runs,
 * faults and costs separately for each.
 */
import { compileSigmaRule, type CompiledSigmaRule } from "../sigma/compile.js";
import type { EventRule, WindowedRule } from "../../engine/types.js";
import { guardEventRule, guardWindowedRule, type RuleWatch } from "./guard.js";

export type StoredRuleDefinition = {
  /** The stored rule's row id. */
  id: string;
  version: number;
  source: string;
  findingType: string;
  severity: number;
};

/** The rules one detector runs: ids `custom:<row id>`, so an administrator's rule and a member's own never collide. */
export type DetectorRuleSet = { eventRules: EventRule[]; windowedRules: WindowedRule[] };

export type CustomRuleSnapshot = ReadonlyMap<string, DetectorRuleSet>;

export type WatchFor = (ruleId: string, version: number, detectorId: string) => RuleWatch;

/** Compiles what it has not compiled at that version; a rule that no longer compiles (a newer Vigil refusing it) faults. */
export class CustomRuleCompiler {
  private cache = new Map<string, { version: number; compiled: CompiledSigmaRule }>();

  constructor(private readonly watchFor: WatchFor) {}

  build(byDetector: ReadonlyMap<string, readonly StoredRuleDefinition[]>): CustomRuleSnapshot {
    const used = new Map<string, { version: number; compiled: CompiledSigmaRule }>();
    const snapshot = new Map<string, DetectorRuleSet>();
    for (const [detectorId, definitions] of byDetector) {
      const set: DetectorRuleSet = { eventRules: [], windowedRules: [] };
      for (const definition of definitions) {
        const watch = this.watchFor(definition.id, definition.version, detectorId);
        const compiled = this.compiled(definition, used, watch);
        if (!compiled) continue;
        const id = `custom:${definition.id}`;
        if (compiled.rule.windowed) set.windowedRules.push(guardWindowedRule(compiled.rule.value, id, watch));
        else set.eventRules.push(guardEventRule(compiled.rule.value, id, watch));
      }
      if (set.eventRules.length + set.windowedRules.length > 0) snapshot.set(detectorId, set);
    }
    this.cache = used;
    return snapshot;
  }

  private compiled(definition: StoredRuleDefinition, used: Map<string, { version: number; compiled: CompiledSigmaRule }>, watch: RuleWatch): CompiledSigmaRule | undefined {
    const cached = used.get(definition.id) ?? this.cache.get(definition.id);
    if (cached?.version === definition.version) {
      used.set(definition.id, cached);
      return cached.compiled;
    }
    try {
      const compiled = compileSigmaRule(definition.source, { findingType: definition.findingType, severity: definition.severity });
      used.set(definition.id, { version: definition.version, compiled });
      return compiled;
    } catch (error) {
      watch.fault("ERROR", `the rule no longer compiles: ${(error as Error).message}`);
      return undefined;
    }
  }
}

/** Holds the snapshot detections read, swapped whole like the threat-intel registry. */
export class CustomRuleRegistry {
  private snapshot: CustomRuleSnapshot = new Map();

  current(): CustomRuleSnapshot {
    return this.snapshot;
  }

  replace(next: CustomRuleSnapshot): void {
    this.snapshot = next;
  }
}
