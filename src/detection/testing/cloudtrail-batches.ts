/** Test support for windowed CloudTrail rules: records folded batch by batch, as the engine and store do. */
import { createEngine, type WindowPartials } from "../engine/engine.js";
import type { DetectionContext, FindingCandidate, WindowedRule } from "../engine/types.js";
import { MemoryWindowStore } from "../engine/windows.js";
import type { CloudTrailEvent } from "../events.js";
import { cloudTrailEvent, testContext, type RawRecord } from "./cloudtrail.js";

/** Runs the batches, as given, through one windowed rule; returns every candidate decided. */
export function runBatches<P>(rule: WindowedRule<CloudTrailEvent, P>, batches: RawRecord[][], context: DetectionContext = testContext()): FindingCandidate[] {
  const engine = createEngine([], [rule as WindowedRule]);
  const store = new MemoryWindowStore(engine.windowedRules);
  const found: FindingCandidate[] = [];
  let line = 0;
  for (const batch of batches) {
    const events = batch.map((record) => cloudTrailEvent(record, "test-object.json", ++line));
    const { windowPartials } = engine.detectBatch(events, context);
    found.push(...engine.decideWindows(store.merge(asIfThroughRedis(windowPartials)), context));
  }
  return found;
}

/** Runs the records through one windowed rule in batches of `batchSize`; returns every candidate decided. */
export function runInBatches<P>(rule: WindowedRule<CloudTrailEvent, P>, records: RawRecord[], context: DetectionContext = testContext(), batchSize = 7): FindingCandidate[] {
  const batches: RawRecord[][] = [];
  for (let start = 0; start < records.length; start += batchSize) batches.push(records.slice(start, start + batchSize));
  return runBatches(rule, batches, context);
}

/** A store may hand partials over through Redis: only what survives JSON reaches merge and decide. */
function asIfThroughRedis(partials: WindowPartials): WindowPartials {
  return new Map([...partials].map(([rule, byKey]) => [rule, new Map([...byKey].map(([key, value]) => [key, JSON.parse(JSON.stringify(value)) as unknown]))]));
}

/** The eventID callSeries gives its i-th record. */
export function seriesEventId(i: number): string {
  return `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
}

/** `count` records made by `make(i, time)`, one second apart from `startTime`, each with that time and its own eventID. */
export function callSeries(count: number, make: (i: number, time: string) => RawRecord, startTime = Date.parse("2026-03-01T10:00:00Z")): RawRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const eventTime = new Date(startTime + i * 1000).toISOString();
    return { ...make(i, eventTime), eventTime, eventID: seriesEventId(i) };
  });
}
