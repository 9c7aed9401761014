/**
 * Weak signals: a batch's calls by one actor folded into one signal — the calls of one sensitive API
 * and outcome ("read 9 secrets"), an enumeration burst, a burst of refusals.
 */
import type { CloudTrailEvent } from "../events.js";
import { actorKey, serviceOf, type ActorOf } from "./actors.js";
import { plural, weakSummary } from "./phrases.js";
import { MAX_SIGNAL_EVENTS, signalId, type Signal } from "./signal.js";
import type { SequenceSettings } from "./settings.js";
import { stageOf } from "./tactics.js";
import { resourceOf, weakSignalSpec, type WeakSignalSpec } from "./weak-signal-table.js";

const DENIED = /AccessDenied|UnauthorizedOperation|Unauthorized|Forbidden/i;

export function isDenied(event: CloudTrailEvent): boolean {
  return event.errorCode !== undefined && DENIED.test(event.errorCode);
}

/** One actor's calls of one kind in one batch. */
export type Group = { spec?: WeakSignalSpec; name: string; denied: boolean; events: CloudTrailEvent[] };

type Described = Omit<Signal, "id" | "firstSeen" | "lastSeen" | "count" | "eventIds" | "object" | "accountId" | "region" | "actor">;

/** The group as one signal: its id from the kind, actor and hour of its first call; times, count and events from all. */
export function fold(group: Group, actorOf: ActorOf, build: (events: CloudTrailEvent[]) => Described): Signal {
  const events = group.events;
  // The earliest and the latest call, the first of each when several share the time.
  let first = events[0];
  let last = events[0];
  for (const event of events) {
    if (event.time < first.time) first = event;
    if (event.time > last.time) last = event;
  }
  const built = build(events);
  // The group's fields go onto the described ones (after them, as a spread copy would put them): copying
  // the object was most of folding.
  return Object.assign(built, {
    id: signalId(built.name, actorKey(actorOf(first)), first.time),
    accountId: first.accountId,
    region: first.region,
    firstSeen: first.time,
    lastSeen: last.time,
    count: events.length,
    actor: actorOf(last),
    eventIds: events.slice(0, MAX_SIGNAL_EVENTS).map((event) => event.eventId),
    object: last.origin.object,
  });
}

export function sensitiveSignal(group: Group, actorOf: ActorOf): Signal {
  const spec = group.spec!;
  const stage = stageOf(spec.tactic)!;
  const s3 = spec.s3Data !== undefined;
  const resources = [...new Set(group.events.map((event) => (s3 ? (event.requestParameters?.bucketName as string | undefined) : resourceOf(event))).filter((r): r is string => !!r))];
  return fold(group, actorOf, () => ({
    type: s3 && group.events[0].eventCategory === "Data" ? "S3_DATA_EVENTS" : "CLOUD_TRAIL",
    name: `${group.name}${group.denied ? "!denied" : ""}`,
    api: group.name,
    tactic: spec.tactic,
    stage,
    // An attempt says what the actor wanted, but less than a success.
    severity: group.denied ? Math.max(1, spec.severity - 1) : spec.severity,
    summary: s3 && resources.length === 1 && group.events.length > 1 ? `${spec.verb} ${group.events.length} ${plural(spec)} in bucket ${resources[0]}` : weakSummary(spec, group.denied, group.events.length, resources),
    resources,
    ...(spec.s3Data && !group.denied ? { s3Data: spec.s3Data } : {}),
  }));
}

/** Reading many kinds of things in one sitting: what a fresh pair of stolen keys does first. Reads that are signals of their own do not count. */
export function enumerationSignal(events: CloudTrailEvent[], settings: SequenceSettings, actorOf: ActorOf): Signal | undefined {
  const reads = events.filter((event) => (event.readOnly === true || /^(List|Describe|Get)/.test(event.eventName)) && !weakSignalSpec(event));
  const apis = new Set(reads.map((event) => `${serviceOf(event)}:${event.eventName}`));
  const services = new Set(reads.map(serviceOf));
  if (apis.size < settings.enumerationMinApis || services.size < settings.enumerationMinServices) return undefined;
  return fold({ name: "enumeration", denied: false, events: reads }, actorOf, () => ({
    type: "CLOUD_TRAIL",
    name: "Discovery:enumeration",
    tactic: "Discovery",
    stage: 1,
    severity: 3,
    summary: `enumerated ${apis.size} APIs in ${services.size} services`,
    resources: [],
  }));
}

/** Many refusals in one sitting: probing what the keys may do. */
export function deniedBurstSignal(events: CloudTrailEvent[], settings: SequenceSettings, actorOf: ActorOf): Signal | undefined {
  const denied = events.filter(isDenied);
  if (denied.length < settings.deniedBurstMinCalls) return undefined;
  const apis = new Set(denied.map((event) => event.eventName));
  return fold({ name: "denied", denied: true, events: denied }, actorOf, () => ({
    type: "CLOUD_TRAIL",
    name: "Discovery:deniedCalls",
    tactic: "Discovery",
    stage: 1,
    severity: 2,
    summary: `was denied ${denied.length} calls to ${apis.size} API${apis.size === 1 ? "" : "s"} (${[...apis].slice(0, 3).join(", ")})`,
    resources: [],
  }));
}
