/** Compiled Sigma rules as the engine takes them, beside the managed rules or alone. */
import type { EventRule, WindowedRule } from "../../engine/types.js";
import type { CompiledSigmaRule } from "./compile.js";

export type SigmaRuleSet = { eventRules: EventRule[]; windowedRules: WindowedRule[] };

/** Two files with the same rule id would raise the same findings twice; the second is refused by the caller. */
export function sigmaRuleSet(compiled: readonly CompiledSigmaRule[]): SigmaRuleSet {
  const set: SigmaRuleSet = { eventRules: [], windowedRules: [] };
  for (const rule of compiled) {
    if (rule.rule.windowed) set.windowedRules.push(rule.rule.value);
    else set.eventRules.push(rule.rule.value);
  }
  return set;
}
