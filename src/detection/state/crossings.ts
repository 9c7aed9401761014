/**
 * A windowed rule decides on a window's merged value, which every later batch touching the window
 * hands it again. A finding is raised once per window crossing: a candidate counts only when the
 * value without this batch (WindowMerge.before) did not already raise the same type and aggregation
 * key. The finding's count therefore says in how many windows the activity crossed its threshold.
 * Rules are asked through the engine, so the trusted-list filter applies as for any candidate.
 */
import type { DetectionEngine, WindowPartials } from "../engine/engine.js";
import type { DetectionContext, FindingCandidate } from "../engine/types.js";
import type { WindowMerge } from "./window-store.js";

function one(ruleId: string, key: string, value: unknown): WindowPartials {
  return new Map([[ruleId, new Map([[key, value]])]]);
}

function identity(candidate: FindingCandidate): string {
  return `${candidate.meta.type}\u0000${candidate.aggregationKey}`;
}

export function decideCrossings(engine: DetectionEngine, merge: WindowMerge, context: DetectionContext): FindingCandidate[] {
  const crossed: FindingCandidate[] = [];
  for (const [ruleId, values] of merge.merged) {
    const earlier = merge.before.get(ruleId);
    for (const [key, value] of values) {
      const now = engine.decideWindows(one(ruleId, key, value), context);
      if (now.length === 0) continue;
      const previous = earlier?.get(key);
      const already = previous === undefined ? undefined : new Set(engine.decideWindows(one(ruleId, key, previous), context).map(identity));
      for (const candidate of now) if (!already?.has(identity(candidate))) crossed.push(candidate);
    }
  }
  return crossed;
}
