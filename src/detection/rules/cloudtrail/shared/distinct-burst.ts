/**
 * "Many distinct X by one subject within minutes" for CloudTrail: secrets read by one identity,
 * parameters decrypted, instances whose password was asked for, users a single address failed to
 * sign in as. A rule names the calls it counts, what each call touched (the values) and who the
 * subject is; the window counts distinct values per subject and raises once `minDistinct` is reached.
 *
 * The spec's source and names are the rule's triggers: the engine hands `accumulate` only those calls.
 * Windows are tumbling (engine/windows.ts): a burst that
 * straddles two windows is counted in halves; the thresholds leave room for that.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { DetectionContext, FindingTypeMeta, WindowedRule } from "../../../engine/types.js";
import { windowStart } from "../../../engine/windows.js";
import { addFlag, emptyFlags, mergeFlags, type FlagMap } from "../../flow/shared/capped.js";
import { apiCallCandidate } from "./candidate.js";

/** Flags of a counted value: whether some call on it succeeded, failed, or both; rules may add their own from 4 up. */
export const SUCCEEDED = 1;
export const FAILED = 2;

/** What a burst's example keeps of an event, and what an event and a sample are compared on. */
export type SampleFields = Omit<CloudTrailEvent, "raw" | "requestParameters" | "responseElements" | "additionalEventData">;

/**
 * The event a window shows as its example, without its request, response and raw record: still an
 * event, so a finding is built from it as it is (apiCallCandidate reads none of what was dropped).
 */
export type BurstSample = SampleFields & {
  raw: Record<string, never>;
  requestParameters: null;
  responseElements: null;
};

/** `failures`: calls that returned an error (denied, not found…), among `calls`. */
export type BurstPartial = { values: FlagMap; calls: number; failures: number; sample: BurstSample };

export type BurstVerdict = { severity?: number; templateValues?: Record<string, string>; additionalInfo?: Record<string, unknown> };

export type BurstSpec = {
  id: string;
  meta: FindingTypeMeta;
  windowMs: number;
  eventSource: string;
  eventNames: ReadonlySet<string>;
  /** Values kept per window once merged (the lowest ones past this): keep it above the thresholds. */
  maxValues: number;
  /** The subject the window is per (e.g. principalKey), or undefined when the event does not count. */
  subjectOf(event: CloudTrailEvent, context: DetectionContext): string | undefined;
  /** What the call touched (secret ids, parameter names, instance ids); empty when nothing. */
  valuesOf(event: CloudTrailEvent): readonly string[];
  /** Flags the call gives its values; default SUCCEEDED or FAILED by its error code. */
  flagsOf?(event: CloudTrailEvent): number;
  /** Whether a call may stand as the finding's example (default: every counted call); others only when no such call is in the window. */
  isExample?(sample: SampleFields): boolean;
  /** Whether the merged window raises a finding, and how; undefined when it does not. */
  judge(partial: BurstPartial): BurstVerdict | undefined;
};

/** Field by field, not by object rest: burst rules build a sample per window and batch, and V8's rest copy is several times slower. */
export function sampleOf(event: CloudTrailEvent): BurstSample {
  const { kind, time, accountId, region, eventId, eventSource, eventName, eventType, eventCategory, readOnly, errorCode, errorMessage, sourceIp, userAgent, identity, resources, vpcEndpointId, origin } = event;
  return {
    kind, time, accountId, region, eventId, eventSource, eventName, eventType, eventCategory, readOnly, errorCode, errorMessage, sourceIp, userAgent, identity, resources, vpcEndpointId, origin,
    raw: {}, requestParameters: null, responseElements: null,
  };
}

/** The newest of two samples, ties broken by event id so merging stays commutative. */
export function laterSample<A extends SampleFields, B extends SampleFields>(a: A, b: B): A | B {
  if (a.time !== b.time) return a.time > b.time ? a : b;
  return a.eventId >= b.eventId ? a : b;
}

/** A window key is "<start>|<account>|<subject>"; the subject may itself contain "|". */
function subjectOfKey(key: string): string {
  const first = key.indexOf("|");
  return key.slice(key.indexOf("|", first + 1) + 1);
}

export function distinctBurstRule(spec: BurstSpec): WindowedRule<CloudTrailEvent, BurstPartial> {
  const isExample = spec.isExample;
  const better = isExample
    ? <A extends SampleFields, B extends SampleFields>(a: A, b: B): A | B => (isExample(a) === isExample(b) ? laterSample(a, b) : isExample(a) ? a : b)
    : laterSample;
  return {
    id: spec.id,
    kind: "cloudtrail",
    findingTypes: [spec.meta],
    windowMs: spec.windowMs,
    triggers: [{ eventSource: spec.eventSource, eventNames: [...spec.eventNames] }],
    accumulate(event, context, partials) {
      // Kept beside the triggers: the rule stays right when handed any event, as its tests do.
      if (event.eventSource !== spec.eventSource || !spec.eventNames.has(event.eventName)) return;
      const subject = spec.subjectOf(event, context);
      if (subject === undefined) return;
      const values = spec.valuesOf(event);
      if (values.length === 0) return;
      const key = `${windowStart(event.time, spec.windowMs)}|${event.accountId}|${subject}`;
      let partial = partials.get(key);
      if (!partial) partials.set(key, (partial = { values: emptyFlags(), calls: 0, failures: 0, sample: sampleOf(event) }));
      else if (better(partial.sample, event) === event) partial.sample = sampleOf(event);
      const flags = spec.flagsOf ? spec.flagsOf(event) : event.errorCode ? FAILED : SUCCEEDED;
      // Not capped here: a batch is bounded, and merge caps to the lowest values whatever the batch order.
      for (const value of values) addFlag(partial.values, value, flags);
      partial.calls += 1;
      if (event.errorCode) partial.failures += 1;
    },
    merge: (a, b) => ({
      values: mergeFlags(a.values, b.values, spec.maxValues),
      calls: a.calls + b.calls,
      failures: a.failures + b.failures,
      sample: better(a.sample, b.sample),
    }),
    decide(key, merged, _context, emit) {
      const verdict = spec.judge(merged);
      if (!verdict) return;
      emit(
        apiCallCandidate(spec.meta, merged.sample, {
          key: [subjectOfKey(key)],
          severity: verdict.severity,
          templateValues: { windowMinutes: String(spec.windowMs / 60_000), ...verdict.templateValues },
          additionalInfo: { windowMinutes: spec.windowMs / 60_000, calls: merged.calls, ...verdict.additionalInfo },
        }),
      );
    },
  };
}

/** The kept values with all of `flags` and none of `without`, in order, at most `limit` of them (for titles and evidence). */
export function valuesWith(values: FlagMap, flags: number, limit: number, without = 0): string[] {
  const found: string[] = [];
  for (const value of Object.keys(values).sort()) {
    if ((values[value] & flags) === flags && (values[value] & without) === 0) found.push(value);
    if (found.length === limit) break;
  }
  return found;
}

/** How many kept values have all of `flags` and none of `without`. */
export function countWith(values: FlagMap, flags: number, without = 0): number {
  let count = 0;
  for (const value in values) if ((values[value] & flags) === flags && (values[value] & without) === 0) count++;
  return count;
}
