/**
 * A rule's dry run: the events given run through the compiled rule alone (windows merged in memory),
 * and what it would raise is reported without raising anything.
 */
import { createEngine } from "../../engine/engine.js";
import type { DetectionContext, FindingCandidate } from "../../engine/types.js";
import { MemoryWindowStore } from "../../engine/windows.js";
import type { VigilEvent } from "../../events.js";
import type { CompiledSigmaRule } from "./compile.js";
import { sigmaRuleSet } from "./rule-set.js";

export function dryRunSigmaRule(rule: CompiledSigmaRule, events: readonly VigilEvent[], context: DetectionContext): FindingCandidate[] {
  const set = sigmaRuleSet([rule]);
  const engine = createEngine(set.eventRules, set.windowedRules);
  const { candidates, windowPartials } = engine.detectBatch(events, context);
  return [...candidates, ...engine.decideWindows(new MemoryWindowStore(engine.windowedRules).merge(windowPartials), context)];
}
