/**
 * Cross-batch state of windowed rules. The pipeline keeps it in Redis (merged once per batch); this
 * in-memory store does the same job for `vigil scan`, and shows the contract a Redis store keeps:
 * take a batch's partials, merge them into what earlier batches left, hand back the merged values of
 * the keys this batch touched.
 */
import type { WindowPartials } from "./engine.js";
import type { WindowedRule } from "./types.js";

/** Start of the window holding `time`, for window keys ("<start>|<subject>"). */
export function windowStart(time: number, windowMs: number): number {
  return time - (time % windowMs);
}

export class MemoryWindowStore {
  private readonly state: WindowPartials = new Map();
  private readonly rules: Map<string, WindowedRule>;

  constructor(rules: readonly WindowedRule[]) {
    this.rules = new Map(rules.map((rule) => [rule.id, rule]));
  }

  merge(batch: WindowPartials): WindowPartials {
    const touched: WindowPartials = new Map();
    for (const [ruleId, partials] of batch) {
      const rule = this.rules.get(ruleId);
      if (!rule || partials.size === 0) continue;
      let kept = this.state.get(ruleId);
      if (!kept) this.state.set(ruleId, (kept = new Map()));
      const merged = new Map<string, unknown>();
      for (const [key, partial] of partials) {
        const previous = kept.get(key);
        const value = previous === undefined ? partial : rule.merge(previous, partial);
        kept.set(key, value);
        merged.set(key, value);
      }
      touched.set(ruleId, merged);
    }
    return touched;
  }
}
