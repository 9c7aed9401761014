/**
 * Folding a window key's stored contributions into the values a WindowMerge reports. Contributions are
 * numbered in the order they were first stored; a batch's view of the key is every contribution up to
 * its own number, so a retried batch sees exactly what its first run saw and decides the same.
 */
import type { WindowedRule } from "../engine/types.js";

export type Contribution = { seq: number; value: unknown };

type FoldedKey = { merged: unknown; before?: unknown };

/** `stored` may include `own` itself; contributions numbered after it are left out. */
export function foldContributions(rule: WindowedRule, stored: Iterable<Contribution>, own: Contribution): FoldedKey {
  let before: unknown;
  for (const { seq, value } of stored) {
    if (seq >= own.seq) continue;
    before = before === undefined ? value : rule.merge(before, value);
  }
  return before === undefined ? { merged: own.value } : { merged: rule.merge(before, own.value), before };
}
