/**
 * A compiled Sigma rule as a Vigil rule: an event rule when the condition has no aggregation, else a
 * windowed rule over tumbling windows of the rule's `timeframe`, per `by` group. Window partials count
 * matching events (or keep the distinct values of `count(field)`, capped at the threshold: more
 * cannot change the decision) and the matched references, so the finding names its events.
 */
import type { VigilEvent } from "../../events.js";
import { windowStart } from "../../engine/windows.js";
import type { EventRule, FindingTypeMeta, WindowedRule } from "../../engine/types.js";
import type { Aggregation } from "./condition.js";
import type { RecordTest } from "./field-test.js";
import { fieldGetter } from "./fields.js";
import { eventReference, recordOf, sigmaCandidate, type SigmaRuleInfo } from "./records.js";

/** References kept per window: enough to find the events, bounded for the store. */
export const MAX_MATCHED_REFERENCES = 100;

type Kind = VigilEvent["kind"];

export type SigmaWindowPartial = {
  count: number;
  /** Sorted; at most `atLeast` values. */
  distinct: string[];
  /** Sorted; at most MAX_MATCHED_REFERENCES. */
  matched: string[];
  /** The newest matching event, without what a candidate does not read. */
  sample: VigilEvent;
};

function sortedUnion(a: readonly string[], b: readonly string[], cap: number): string[] {
  return [...new Set([...a, ...b])].sort().slice(0, cap);
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
  windowMs: number,
): WindowedRule<VigilEvent, SigmaWindowPartial> {
  const groupGetters = aggregation.groupBy.map(fieldGetter);
  const distinctGetter = aggregation.distinctField === undefined ? undefined : fieldGetter(aggregation.distinctField);
  const groupOf = (record: Record<string, unknown>) => groupGetters.map((get) => textOf(get(record)[0]));
  const merge = (a: SigmaWindowPartial, b: SigmaWindowPartial): SigmaWindowPartial => ({
    count: a.count + b.count,
    distinct: sortedUnion(a.distinct, b.distinct, aggregation.atLeast),
    matched: sortedUnion(a.matched, b.matched, MAX_MATCHED_REFERENCES),
    sample: newer(a.sample, b.sample),
  });
  return {
    id: ruleId,
    kind,
    findingTypes: [meta],
    windowMs,
    merge,
    accumulate(event, context, partials) {
      if (!enabled(event, context.settings.s3DataEvents)) return;
      const record = recordOf(event);
      if (!test(record)) return;
      const group = groupOf(record);
      const key = `${windowStart(event.time, windowMs)}|${event.accountId}|${JSON.stringify(group)}`;
      const distinct = distinctGetter ? sortedUnion(distinctGetter(record).map(textOf), [], aggregation.atLeast) : [];
      const own: SigmaWindowPartial = { count: 1, distinct, matched: [eventReference(event)], sample: slim(event) };
      const existing = partials.get(key);
      partials.set(key, existing ? merge(existing, own) : own);
    },
    decide(key, merged, _context, emit) {
      const count = distinctGetter ? merged.distinct.length : merged.count;
      if (count < aggregation.atLeast) return;
      const group = JSON.parse(key.slice(key.indexOf("|", key.indexOf("|") + 1) + 1)) as string[];
      emit(sigmaCandidate(meta, merged.sample, { rule: info, matched: merged.matched, group, count }));
    },
  };
}
