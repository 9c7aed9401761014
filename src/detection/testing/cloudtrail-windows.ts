/** Test support for windowed CloudTrail rules: records folded batch by batch through the in-memory window store. */
import type { FindingCandidate, WindowedRule } from "../engine/types.js";
import { MemoryWindowStore } from "../engine/windows.js";
import type { CloudTrailEvent } from "../events.js";
import { cloudTrailEvent, testContext, type RawRecord } from "./cloudtrail.js";
import type { DetectionContext } from "../engine/types.js";

export function runWindowed<P>(
  rule: WindowedRule<CloudTrailEvent, P>,
  batches: RawRecord[][],
  context: DetectionContext = testContext(),
): FindingCandidate[] {
  const store = new MemoryWindowStore([rule as WindowedRule]);
  const found: FindingCandidate[] = [];
  for (const batch of batches) {
    const partials = new Map<string, P>();
    batch.forEach((record, i) => rule.accumulate(cloudTrailEvent(record, "test-object.json", i + 1), context, partials));
    // The store hands partials over as a value might cross Redis: JSON only.
    const serialized = new Map([...partials].map(([key, value]) => [key, JSON.parse(JSON.stringify(value)) as unknown]));
    const merged = store.merge(new Map([[rule.id, serialized]]));
    for (const [key, value] of merged.get(rule.id) ?? []) rule.decide(key, value as P, context, (c) => found.push(c));
  }
  return found;
}

/** `count` records made by `make(i)`, one second apart from 10:00:00. */
export function series(count: number, make: (i: number, time: string) => RawRecord): RawRecord[] {
  const start = Date.parse("2026-03-01T10:00:00Z");
  return Array.from({ length: count }, (_, i) => make(i, new Date(start + i * 1000).toISOString().replace(".000", "")));
}
