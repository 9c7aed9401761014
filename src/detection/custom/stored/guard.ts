/**
 * A stored rule runs behind a guard: an exception or a call slower than the budget switches the rule
 * off for that detector at once (in this process; the watcher makes it stick everywhere) instead of
 * failing the batch, and the time each event costs is handed to the watcher for `/metrics`.
 */
import type { EventRule, WindowedRule } from "../../engine/types.js";

export type FaultReason = "ERROR" | "SLOW";

/** One stored rule as it runs for one detector. */
export type RuleWatch = {
  /** Time spent on `events` events, in nanoseconds. */
  spent(events: number, nanoseconds: number): void;
  fault(reason: FaultReason, message: string): void;
};

/** One call slower than this (ms) is a rule that would hold up every batch of its detector. */
export const SLOW_CALL_MS = 250;

type Guarded = <A extends unknown[]>(call: (...args: A) => void, counts: boolean) => (...args: A) => void;

function guardOf(watch: RuleWatch): Guarded {
  let off = false;
  return (call, counts) =>
    (...args) => {
      if (off) return;
      const started = performance.now();
      try {
        call(...args);
      } catch (error) {
        off = true;
        watch.fault("ERROR", `the rule threw: ${(error as Error | null)?.message ?? String(error)}`);
        return;
      }
      const ms = performance.now() - started;
      if (counts) watch.spent(1, Math.round(ms * 1e6));
      if (ms > SLOW_CALL_MS) {
        off = true;
        watch.fault("SLOW", `one event took ${Math.round(ms)} ms (the budget is ${SLOW_CALL_MS} ms)`);
      }
    };
}

export function guardEventRule(rule: EventRule, id: string, watch: RuleWatch): EventRule {
  const guarded = guardOf(watch);
  return { ...rule, id, evaluate: guarded(rule.evaluate.bind(rule) as (...args: unknown[]) => void, true) } as EventRule;
}

export function guardWindowedRule(rule: WindowedRule, id: string, watch: RuleWatch): WindowedRule {
  const guarded = guardOf(watch);
  return {
    ...rule,
    id,
    accumulate: guarded(rule.accumulate.bind(rule) as (...args: unknown[]) => void, true),
    decide: guarded(rule.decide.bind(rule) as (...args: unknown[]) => void, false),
  } as WindowedRule;
}
