/**
 * The window store of one process (`vigil scan`, tests of rules): contributions and crossings as in
 * the Redis store, kept in maps. A process has no crash to recover from, so a contribution seen again
 * adds nothing and crosses nothing (it is reported with its key's current value as both merged and
 * before); only one running value per key is kept. Nothing expires: a scan is bounded by its files.
 */
import type { WindowPartials } from "../engine/engine.js";
import type { WindowedRule } from "../engine/types.js";
import type { WindowMerge, WindowStore } from "./window-store.js";

type KeyState = { value: unknown; contributions: Set<string> };

export class LocalWindowStore implements WindowStore {
  private readonly rules: Map<string, WindowedRule>;
  private readonly state = new Map<string, Map<string, KeyState>>();

  constructor(rules: readonly WindowedRule[]) {
    this.rules = new Map(rules.map((rule) => [rule.id, rule]));
  }

  async merge(batch: WindowPartials, contribution: string): Promise<WindowMerge> {
    return this.mergeNow(batch, contribution);
  }

  /** merge without a promise: the store does no I/O. */
  mergeNow(batch: WindowPartials, contribution: string): WindowMerge {
    const result: WindowMerge = { merged: new Map(), before: new Map() };
    for (const [ruleId, partials] of batch) {
      const rule = this.rules.get(ruleId);
      if (!rule || partials.size === 0) continue;
      let keys = this.state.get(ruleId);
      if (!keys) this.state.set(ruleId, (keys = new Map()));
      const merged = new Map<string, unknown>();
      const before = new Map<string, unknown>();
      for (const [key, partial] of partials) {
        const state = keys.get(key);
        if (!state) {
          keys.set(key, { value: partial, contributions: new Set([contribution]) });
          merged.set(key, partial);
        } else if (state.contributions.has(contribution)) {
          merged.set(key, state.value);
          before.set(key, state.value);
        } else {
          before.set(key, state.value);
          state.value = rule.merge(state.value, partial);
          state.contributions.add(contribution);
          merged.set(key, state.value);
        }
      }
      result.merged.set(ruleId, merged);
      if (before.size > 0) result.before.set(ruleId, before);
    }
    return result;
  }
}
