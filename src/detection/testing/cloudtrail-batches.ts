/** Test support for windowed CloudTrail rules: records folded batch by batch, as the engine and store do. */
import { createEngine } from "../engine/engine.js";
import type { DetectionContext, FindingCandidate, WindowedRule } from "../engine/types.js";
import { MemoryWindowStore } from "../engine/windows.js";
import { cloudTrailEvent, testContext, type RawRecord } from "./cloudtrail.js";

/** Runs the records through one windowed rule in batches of `batchSize`; returns every candidate decided. */
export function runInBatches(rule: WindowedRule, records: RawRecord[], context: DetectionContext = testContext(), batchSize = 7): FindingCandidate[] {
  const engine = createEngine([], [rule]);
  const store = new MemoryWindowStore(engine.windowedRules);
  const events = records.map((record, index) => cloudTrailEvent(record, "test-object.json", index + 1));
  const found: FindingCandidate[] = [];
  for (let start = 0; start < events.length; start += batchSize) {
    const { windowPartials } = engine.detectBatch(events.slice(start, start + batchSize), context);
    found.push(...engine.decideWindows(store.merge(windowPartials), context));
  }
  return found;
}

/** `count` records made by `make(i)`, one second apart from `startTime`, each with its own eventID. */
export function callSeries(count: number, make: (i: number) => RawRecord, startTime = Date.parse("2026-03-01T10:00:00Z")): RawRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    ...make(i),
    eventTime: new Date(startTime + i * 1000).toISOString(),
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  }));
}
