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

/** The start a window key begins with; NaN for keys of another shape (they are kept for good). */
function startOfKey(key: string): number {
  // Read digit by digit: slicing and converting the prefix of every key cost more than the merge.
  let start = 0;
  for (let i = 0; i < key.length; i++) {
    const char = key.charCodeAt(i);
    if (char >= 0x30 && char <= 0x39) start = start * 10 + (char - 0x30);
    else if (char === 0x7c && i > 0) return start;
    else break;
  }
  const bar = key.indexOf("|");
  return bar < 0 ? NaN : Number(key.slice(0, bar));
}

export type MemoryWindowStoreOptions = {
  /**
   * How far past a window's end the newest window seen may start before the window is dropped;
   * default 10 minutes, the Redis store's late arrival.
   */
  lateArrivalMs?: number;
};

type RuleWindows = {
  rule: WindowedRule;
  /** Window start → window key → merged value. */
  windows: Map<number, Map<string, unknown>>;
  /** Start of the newest window any batch touched: the store's event-time watermark. */
  newest: number;
};

/**
 * The store takes a batch's partials over: they become its running values, which later batches
 * merge into in place when the rule can (`mergeInto`). The values `merge` returns are therefore the
 * windows' live state: decide on them before the next merge, and do not change them.
 *
 * Windows end: once a batch has touched a window starting `lateArrivalMs` or more after a window's
 * end, that window is dropped, so memory stays bounded by the windows still open however long the
 * logs run. This assumes a log's events are roughly time-ordered — no record arrives more than
 * `lateArrivalMs` after records of a window that began past its own window's end. A record that
 * does (or a record dated far ahead, which moves the watermark) starts its window afresh: the
 * activity before it is no longer counted with it. Flow and DNS logs are written per capture
 * interval, minutes apart at most, well within the default margin.
 */
export class MemoryWindowStore {
  private readonly rules = new Map<string, RuleWindows>();
  private readonly lateArrivalMs: number;

  constructor(rules: readonly WindowedRule[], options: MemoryWindowStoreOptions = {}) {
    for (const rule of rules) this.rules.set(rule.id, { rule, windows: new Map(), newest: -Infinity });
    this.lateArrivalMs = options.lateArrivalMs ?? 10 * 60_000;
  }

  merge(batch: WindowPartials): WindowPartials {
    const touched: WindowPartials = new Map();
    for (const [ruleId, partials] of batch) {
      const state = this.rules.get(ruleId);
      if (!state || partials.size === 0) continue;
      const { rule, windows } = state;
      // The batch's map becomes the answer: each key's partial is replaced by its merged value.
      // A batch's keys mostly fall in one window: its map is looked up again only when the start changes.
      // forEach: iterating the entries would allocate a pair per key.
      let start = NaN;
      let kept: Map<string, unknown> | undefined;
      partials.forEach((partial, key) => {
        const keyStart = startOfKey(key);
        if (kept === undefined || keyStart !== start) {
          start = keyStart;
          kept = windows.get(start);
          if (!kept) windows.set(start, (kept = new Map()));
          if (start > state.newest) state.newest = start;
        }
        const previous = kept.get(key);
        if (previous === undefined) {
          kept.set(key, partial);
          return;
        }
        const value = rule.mergeInto ? rule.mergeInto(previous, partial) : rule.merge(previous, partial);
        if (value !== previous) kept.set(key, value);
        partials.set(key, value);
      });
      touched.set(ruleId, partials);
      this.evict(state);
    }
    return touched;
  }

  private evict(state: RuleWindows): void {
    const horizon = state.newest - state.rule.windowMs - this.lateArrivalMs;
    for (const start of state.windows.keys()) if (start <= horizon) state.windows.delete(start);
  }
}
