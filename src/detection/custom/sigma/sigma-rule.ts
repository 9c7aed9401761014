/**
 * A compiled Sigma rule as a Vigil rule: an event rule when the condition has no aggregation, else a
 * windowed rule that finds `timeframe`-long sliding windows holding the count. Time is cut into slots
 * of one timeframe; the key of slot k holds the matching events of slots k-1 and k, so every window of
 * one timeframe lies inside some key's span, and a key reports only windows that end in its own slot
 * (each burst is reported once). Partials keep the matching events (time, reference, counted values),
 * deduplicated by reference so a retried batch counts once, capped at MAX_WINDOW_EVENTS.
 */
import type { VigilEvent } from "../../events.js";
import { windowStart } from "../../engine/windows.js";
import type { EventRule, FindingTypeMeta, WindowedRule } from "../../engine/types.js";
import type { Aggregation } from "./condition.js";
import type { RecordTest } from "./field-test.js";
import { fieldGetter } from "./fields.js";
import { eventReference, recordOf, sigmaCandidate, type SigmaRuleInfo } from "./records.js";

/** References a finding names: enough to find the events, bounded for the finding. */
export const MAX_MATCHED_REFERENCES = 100;
/** Matching events a window key keeps (the earliest): bounds the store's value; thresholds are far below. */
export const MAX_WINDOW_EVENTS = 500;

type Kind = VigilEvent["kind"];

export type WindowMatch = { time: number; ref: string; values?: string[] };

export type SigmaWindowPartial = {
  /** Sorted by time, then reference; unique references. */
  events: WindowMatch[];
  /** The newest matching event, without what a candidate does not read. */
  sample: VigilEvent;
};

function byTime(a: WindowMatch, b: WindowMatch): number {
  return a.time - b.time || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
}

function mergeEvents(a: readonly WindowMatch[], b: readonly WindowMatch[]): WindowMatch[] {
  const seen = new Set<string>();
  const out: WindowMatch[] = [];
  for (const match of [...a, ...b].sort(byTime)) {
    if (seen.has(match.ref)) continue;
    seen.add(match.ref);
    out.push(match);
    if (out.length === MAX_WINDOW_EVENTS) break;
  }
  return out;
}

/**
 * The windows of one timeframe ending in [slotStart, slotEnd) whose count reaches the threshold (events,
 * or distinct values, within (end - timeframe, end]): the events of all of them and the highest count,
 * or undefined when there is none.
 */
function qualifyingWindows(
  events: readonly WindowMatch[],
  timeframeMs: number,
  atLeast: number,
  distinct: boolean,
  slotStart: number,
  slotEnd: number,
): { events: WindowMatch[]; count: number } | undefined {
  const values = new Map<string, number>();
  const included = new Set<number>();
  let best = 0;
  let first = 0;
  for (let last = 0; last < events.length; last++) {
    const end = events[last]!;
    for (const value of end.values ?? []) values.set(value, (values.get(value) ?? 0) + 1);
    while (events[first]!.time <= end.time - timeframeMs) {
      for (const value of events[first]!.values ?? []) {
        const left = values.get(value)! - 1;
        if (left === 0) values.delete(value);
        else values.set(value, left);
      }
      first++;
    }
    const count = distinct ? values.size : last - first + 1;
    if (end.time < slotStart || end.time >= slotEnd || count < atLeast) continue;
    best = Math.max(best, count);
    for (let index = first; index <= last; index++) included.add(index);
  }
  if (best === 0) return undefined;
  return { events: [...included].sort((a, b) => a - b).map((index) => events[index]!), count: best };
}

/** A group or counted value as text; absent and null group together as "". */
function textOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function slim(event: VigilEvent): VigilEvent {
  if (event.kind === "flow") return event;
  if (event.kind === "dns") return { ...event, raw: {} };
  const bucket = event.requestParameters?.bucketName;
  return { ...event, raw: {}, responseElements: null, additionalEventData: undefined, requestParameters: typeof bucket === "string" ? { bucketName: bucket } : null };
}

function newer(a: VigilEvent, b: VigilEvent): VigilEvent {
  if (a.time !== b.time) return a.time > b.time ? a : b;
  return eventReference(a) >= eventReference(b) ? a : b;
}

export function sigmaEventRule(ruleId: string, kind: Kind, meta: FindingTypeMeta, info: SigmaRuleInfo, test: RecordTest, enabled: (event: VigilEvent, s3DataEvents: boolean) => boolean): EventRule {
  const evaluate = (event: VigilEvent, s3DataEvents: boolean, emit: Parameters<EventRule["evaluate"]>[2]) => {
    if (enabled(event, s3DataEvents) && test(recordOf(event))) emit(sigmaCandidate(meta, event, { rule: info, matched: [eventReference(event)] }));
  };
  // One object per kind keeps the union's evaluate signatures apart.
  if (kind === "cloudtrail") return { id: ruleId, kind, findingTypes: [meta], evaluate: (event, context, emit) => evaluate(event, context.settings.s3DataEvents, emit) };
  if (kind === "dns") return { id: ruleId, kind, findingTypes: [meta], evaluate: (event, context, emit) => evaluate(event, context.settings.s3DataEvents, emit) };
  return { id: ruleId, kind, findingTypes: [meta], evaluate: (event, context, emit) => evaluate(event, context.settings.s3DataEvents, emit) };
}

export function sigmaWindowedRule(
  ruleId: string,
  kind: Kind,
  meta: FindingTypeMeta,
  info: SigmaRuleInfo,
  test: RecordTest,
  enabled: (event: VigilEvent, s3DataEvents: boolean) => boolean,
  aggregation: Aggregation,
  timeframeMs: number,
): WindowedRule<VigilEvent, SigmaWindowPartial> {
  const groupGetters = aggregation.groupBy.map(fieldGetter);
  const distinctGetter = aggregation.distinctField === undefined ? undefined : fieldGetter(aggregation.distinctField);
  const groupOf = (record: Record<string, unknown>) => groupGetters.map((get) => textOf(get(record)[0]));
  const merge = (a: SigmaWindowPartial, b: SigmaWindowPartial): SigmaWindowPartial => ({ events: mergeEvents(a.events, b.events), sample: newer(a.sample, b.sample) });
  return {
    id: ruleId,
    kind,
    findingTypes: [meta],
    // A key spans two slots: its own and the one before.
    windowMs: 2 * timeframeMs,
    merge,
    accumulate(event, context, partials) {
      if (!enabled(event, context.settings.s3DataEvents)) return;
      const record = recordOf(event);
      if (!test(record)) return;
      const group = `${event.accountId}|${JSON.stringify(groupOf(record))}`;
      const match: WindowMatch = { time: event.time, ref: eventReference(event) };
      if (distinctGetter) match.values = [...new Set(distinctGetter(record).map(textOf))];
      const own: SigmaWindowPartial = { events: [match], sample: slim(event) };
      const slot = windowStart(event.time, timeframeMs);
      // The slot's own key, and the next slot's, whose windows may start in this one.
      for (const keyStart of [slot - timeframeMs, slot]) {
        const key = `${keyStart}|${group}`;
        const existing = partials.get(key);
        partials.set(key, existing ? merge(existing, own) : own);
      }
    },
    decide(key, merged, _context, emit) {
      const keyStart = Number(key.slice(0, key.indexOf("|")));
      const found = qualifyingWindows(merged.events, timeframeMs, aggregation.atLeast, distinctGetter !== undefined, keyStart + timeframeMs, keyStart + 2 * timeframeMs);
      if (!found) return;
      const rest = key.slice(key.indexOf("|") + 1);
      const group = JSON.parse(rest.slice(rest.indexOf("|") + 1)) as string[];
      const matched = found.events.map((match) => match.ref).slice(0, MAX_MATCHED_REFERENCES);
      emit(sigmaCandidate(meta, merged.sample, { rule: info, matched, group, count: found.count }));
    },
  };
}
