/**
 * "One identity, many distinct X within N minutes" over CloudTrail: the window partial every burst
 * rule of the discovery/impact families shares. A partial keeps the distinct values seen, sorted (the
 * lowest `cap` in string order, so merges stay associative and commutative whatever their order), and
 * the window's first event as a small JSON sample (the shape distinct-burst.ts gives every burst's
 * example), from which the finding is built. The first, not the latest: logs run forward in time, so
 * the sample is built once per key and batch, not per event.
 *
 * A burst rule that counts known calls names them (`triggers`) and the engine hands it only those;
 * one without (any call, any read) sees every CloudTrail event: `observe` must reject an event with
 * a field comparison or two before it builds any string.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailTrigger, DetectionContext, Emit, FindingTypeMeta, WindowedRule } from "../../../engine/types.js";
import { windowStart } from "../../../engine/windows.js";
import { laterSample, sampleOf, type BurstSample, type SampleFields } from "./distinct-burst.js";
import { principalKey } from "./identity.js";

/** `sample`: the window's first event, in the shape distinct-burst.ts gives every burst's example. */
export type IdentityBurstPartial = { values: string[]; sample: BurstSample };

export type Observation = { subject: string; values: readonly string[] };

export type IdentityBurstSettings = { windowMs: number; cap: number };

export type IdentityBurstSpec = {
  id: string;
  findingTypes: readonly FindingTypeMeta[];
  settings: IdentityBurstSettings;
  /** The only calls `observe` can accept, when the rule knows them: the engine routes just those here. */
  triggers?: readonly CloudTrailTrigger[];
  /**
   * What the event adds: `subject` (after account and principal: e.g. a bucket, or "" for none) and
   * the distinct `values` it counts (usually one); undefined for events the rule ignores.
   */
  observe(event: CloudTrailEvent, context: DetectionContext): Observation | undefined;
  /** Decides on the distinct values of one window of one principal and subject. */
  decide(values: readonly string[], sample: CloudTrailEvent, subject: string, context: DetectionContext, emit: Emit): void;
};

/** Whether `a` came before the sample (ties broken by event id, as laterSample does, so merging stays commutative). */
function isEarlier(a: SampleFields, sample: BurstSample): boolean {
  return a !== sample && laterSample(a, sample) === sample;
}

/** Adds a value to sorted, distinct values, keeping the lowest `cap`: partials look alike however they were built. */
function addValue(values: string[], value: string, cap: number): void {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < value) low = middle + 1;
    else high = middle;
  }
  if (values[low] === value || low >= cap) return;
  values.splice(low, 0, value);
  if (values.length > cap) values.pop();
}

export function mergeValues(a: readonly string[], b: readonly string[], cap: number): string[] {
  const union = [...new Set([...a, ...b])].sort();
  return union.length > cap ? union.slice(0, cap) : union;
}

/**
 * "<window start>|<account>|<principal>|<subject>": principal ids and session names cannot hold "|",
 * so the subject is what follows the third. Consecutive events of one caller share a key: the last
 * one is kept so a run of them builds it once.
 */
function keyBuilder(windowMs: number): (event: CloudTrailEvent, subject: string) => string {
  let start = NaN;
  let account = "";
  let principal = "";
  let lastSubject = "";
  let key = "";
  return (event, subject) => {
    const eventStart = windowStart(event.time, windowMs);
    const eventPrincipal = principalKey(event.identity);
    if (eventStart !== start || event.accountId !== account || eventPrincipal !== principal || subject !== lastSubject) {
      start = eventStart;
      account = event.accountId;
      principal = eventPrincipal;
      lastSubject = subject;
      key = `${start}|${account}|${principal}|${subject}`;
    }
    return key;
  };
}

function subjectOfKey(key: string): string {
  let bars = 0;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 0x7c && ++bars === 3) return key.slice(i + 1);
  return "";
}

export function identityBurstRule(spec: IdentityBurstSpec): WindowedRule<CloudTrailEvent, IdentityBurstPartial> {
  const { windowMs, cap } = spec.settings;
  const keyOf = keyBuilder(windowMs);
  return {
    id: spec.id,
    kind: "cloudtrail",
    findingTypes: spec.findingTypes,
    windowMs,
    triggers: spec.triggers,
    accumulate(event, context, partials) {
      const seen = spec.observe(event, context);
      if (seen === undefined || seen.values.length === 0) return;
      const key = keyOf(event, seen.subject);
      const partial = partials.get(key);
      if (partial === undefined) {
        const values: string[] = [];
        for (const value of seen.values) addValue(values, value, cap);
        partials.set(key, { values, sample: sampleOf(event) });
        return;
      }
      for (const value of seen.values) addValue(partial.values, value, cap);
      if (isEarlier(event, partial.sample)) partial.sample = sampleOf(event);
    },
    merge: (a, b) => ({ values: mergeValues(a.values, b.values, cap), sample: isEarlier(b.sample, a.sample) ? b.sample : a.sample }),
    decide(key, merged, context, emit) {
      spec.decide(merged.values, merged.sample, subjectOfKey(key), context, emit);
    },
  };
}
