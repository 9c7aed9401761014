/**
 * One batch's signals: the batch's finding candidates (every rule and model family), plus the weak
 * signals of its CloudTrail events that no candidate already speaks for. Weak signals of one actor,
 * API and outcome are folded into one signal per batch ("read 9 secrets"); enumeration and bursts of
 * denied calls become one signal each. Pure: the same batch gives the same signals, ids included.
 */
import type { FindingCandidate } from "../engine/types.js";
import type { CloudTrailEvent, VigilEvent } from "../events.js";
import { renderTemplate } from "../findings/templates.js";
import { actorAddress, actorOf, isAwsActing } from "./actors.js";
import { MAX_SIGNAL_EVENTS, signalId, type S3DataAccess, type Signal, type SignalActor } from "./signal.js";
import type { SequenceSettings } from "./settings.js";
import { stageOf } from "./tactics.js";
import { resourceOf, weakSignalSpec, type WeakSignalSpec } from "./weak-signal-table.js";

const DENIED = /AccessDenied|UnauthorizedOperation|Unauthorized|Forbidden/i;

function s3DataOf(type: string): S3DataAccess | undefined {
  if (!type.includes(":S3/")) return undefined;
  if (type.startsWith("Exfiltration:S3/BucketAccessGranted") || type.startsWith("Exfiltration:S3/Replication") || type.startsWith("Policy:S3/Bucket")) return "exposed";
  if (type.startsWith("Exfiltration:S3/")) return "read";
  if (type.startsWith("Impact:S3/")) return "destroyed";
  return undefined;
}

function candidateActor(candidate: FindingCandidate, event: CloudTrailEvent | undefined): SignalActor {
  if (event) return actorOf(event);
  const key = candidate.resource.accessKeyDetails;
  const caller = candidate.action.actionType === "AWS_API_CALL" ? candidate.action.caller : undefined;
  return { accessKeyId: key?.accessKeyId, principal: key?.principalId, userName: key?.userName, userType: key?.userType, sourceIp: caller ? actorAddress(caller) : undefined };
}

function findingSignal(candidate: FindingCandidate, event: CloudTrailEvent | undefined): Signal | undefined {
  // Only calls have an identity to follow; instance-side findings (flow, DNS) tell another kind of story.
  if (candidate.action.actionType !== "AWS_API_CALL") return undefined;
  const stage = stageOf(candidate.meta.mitre.tactic);
  if (stage === undefined) return undefined;
  const buckets = candidate.resource.s3BucketDetails?.map((bucket) => bucket.name) ?? [];
  const affected = Object.values(candidate.action.affectedResources);
  const s3Data = s3DataOf(candidate.meta.type);
  return {
    id: signalId(candidate.meta.type, candidate.aggregationKey, candidate.time),
    type: "FINDING",
    name: candidate.meta.type,
    finding: { type: candidate.meta.type, aggregationKey: candidate.aggregationKey },
    tactic: candidate.meta.mitre.tactic,
    technique: candidate.meta.mitre.technique,
    stage,
    api: event ? `${serviceOf(event)}:${event.eventName}` : `${candidate.action.serviceName.replace(/\.amazonaws\.com$/, "")}:${candidate.action.api}`,
    // A finding GuardDuty rates Low (a trail stopped) can still be a telling step of a story.
    severity: Math.max(candidate.severity, (event && weakSignalSpec(event)?.severity) || 0),
    accountId: candidate.accountId,
    region: candidate.region,
    firstSeen: candidate.time,
    lastSeen: candidate.time,
    count: 1,
    summary: renderTemplate(candidate.meta.title, candidate.templateValues).replace(/\.$/, ""),
    actor: candidateActor(candidate, event),
    resources: [...new Set([...buckets, ...affected])],
    ...(s3Data ? { s3Data } : {}),
    eventIds: candidate.source.eventId ? [candidate.source.eventId] : [],
    object: candidate.source.object,
  };
}

type Group = { spec?: WeakSignalSpec; name: string; denied: boolean; events: CloudTrailEvent[] };

function serviceOf(event: CloudTrailEvent): string {
  return event.eventSource.replace(/\.amazonaws\.com$/, "");
}

function actorKey(actor: SignalActor): string {
  return `${actor.accessKeyId ?? ""}|${actor.principal ?? ""}|${actor.sourceIp ?? ""}`;
}

const UNCOUNTED = new Set(["data", "code", "configuration", "access", "MFA"]);

function pluralWord(word: string): string {
  if (UNCOUNTED.has(word) || word.endsWith("s")) return word;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return /(ch|sh|x)$/.test(word) ? `${word}es` : `${word}s`;
}

/** "access key for user" → "access keys for users": the head noun and the noun after the preposition. */
function plural(spec: WeakSignalSpec): string {
  if (spec.plural) return spec.plural;
  const [head, ...rest] = spec.noun.split(/ (to|for|of|on) /);
  const words = (phrase: string) => phrase.replace(/\S+$/, (last) => pluralWord(last));
  return rest.length ? `${words(head)} ${rest[0]} ${words(rest[1])}` : words(head);
}

function weakSummary(group: Group, resources: string[]): string {
  const { spec, events } = group;
  if (!spec) return "";
  const n = events.length;
  const named = resources.length === 1 ? ` ${resources[0]}` : "";
  // A few resources are named; more are counted.
  const several = resources.length <= 3 ? `${spec.verb} ${plural(spec)} ${resources.join(", ")}` : `${spec.verb} ${n} ${plural(spec)}`;
  const what = n === 1 || resources.length <= 1 ? `${spec.verb} ${spec.noun}${named}` : several;
  const times = n > 1 && resources.length <= 1 ? ` (${n} calls)` : "";
  return group.denied ? `was denied: ${what}${times}` : `${what}${times}`;
}

function fold(group: Group, build: (events: CloudTrailEvent[]) => Omit<Signal, "id" | "firstSeen" | "lastSeen" | "count" | "eventIds" | "object" | "accountId" | "region" | "actor">): Signal {
  const events = group.events;
  const first = events.reduce((a, b) => (b.time < a.time ? b : a));
  const last = events.reduce((a, b) => (b.time > a.time ? b : a));
  const built = build(events);
  return {
    ...built,
    id: signalId(built.name, actorKey(actorOf(first)), first.time),
    accountId: first.accountId,
    region: first.region,
    firstSeen: first.time,
    lastSeen: last.time,
    count: events.length,
    actor: actorOf(last),
    eventIds: events.slice(0, MAX_SIGNAL_EVENTS).map((event) => event.eventId),
    object: last.origin.object,
  };
}

function sensitiveSignal(group: Group): Signal {
  const spec = group.spec!;
  const stage = stageOf(spec.tactic)!;
  const s3 = spec.s3Data !== undefined;
  const resources = [...new Set(group.events.map((event) => (s3 ? (event.requestParameters?.bucketName as string | undefined) : resourceOf(event))).filter((r): r is string => !!r))];
  return fold(group, () => ({
    type: s3 && group.events[0].eventCategory === "Data" ? "S3_DATA_EVENTS" : "CLOUD_TRAIL",
    name: `${group.name}${group.denied ? "!denied" : ""}`,
    api: group.name,
    tactic: spec.tactic,
    stage,
    // An attempt says what the actor wanted, but less than a success.
    severity: group.denied ? Math.max(1, spec.severity - 1) : spec.severity,
    summary: s3 && resources.length === 1 && group.events.length > 1 ? `${spec.verb} ${group.events.length} ${plural(spec)} in bucket ${resources[0]}` : weakSummary(group, resources),
    resources,
    ...(spec.s3Data && !group.denied ? { s3Data: spec.s3Data } : {}),
  }));
}

/** Reading many kinds of things in one sitting: what a fresh pair of stolen keys does first. Reads that are signals of their own do not count. */
function enumerationSignal(events: CloudTrailEvent[], settings: SequenceSettings): Signal | undefined {
  const reads = events.filter((event) => (event.readOnly === true || /^(List|Describe|Get)/.test(event.eventName)) && !weakSignalSpec(event));
  const apis = new Set(reads.map((event) => `${serviceOf(event)}:${event.eventName}`));
  const services = new Set(reads.map(serviceOf));
  if (apis.size < settings.enumerationMinApis || services.size < settings.enumerationMinServices) return undefined;
  return fold({ name: "enumeration", denied: false, events: reads }, () => ({
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
function deniedBurstSignal(events: CloudTrailEvent[], settings: SequenceSettings): Signal | undefined {
  const denied = events.filter((event) => event.errorCode !== undefined && DENIED.test(event.errorCode));
  if (denied.length < settings.deniedBurstMinCalls) return undefined;
  const apis = new Set(denied.map((event) => event.eventName));
  return fold({ name: "denied", denied: true, events: denied }, () => ({
    type: "CLOUD_TRAIL",
    name: "Discovery:deniedCalls",
    tactic: "Discovery",
    stage: 1,
    severity: 2,
    summary: `was denied ${denied.length} calls to ${apis.size} API${apis.size === 1 ? "" : "s"} (${[...apis].slice(0, 3).join(", ")})`,
    resources: [],
  }));
}

const SESSION_CALLS = new Set(["AssumeRole", "GetSessionToken", "GetFederationToken"]);

/** The session key a user's (or root's) long-term keys obtained: the credentials an attacker moves on with. */
function issuedSessionKey(event: CloudTrailEvent): string | undefined {
  if (event.eventSource !== "sts.amazonaws.com" || !SESSION_CALLS.has(event.eventName) || event.errorCode) return undefined;
  // Roles assuming roles (CI, role chaining) are left out: they would fill the store with every pipeline's sessions.
  if (event.identity.type !== "IAMUser" && event.identity.type !== "Root") return undefined;
  const key = (event.responseElements?.credentials as { accessKeyId?: unknown } | undefined)?.accessKeyId;
  return typeof key === "string" && key ? key : undefined;
}

function sessionSignal(group: Group): Signal {
  const keys = [...new Set(group.events.map(issuedSessionKey))].slice(0, MAX_SIGNAL_EVENTS) as string[];
  const roles = [...new Set(group.events.map((event) => event.requestParameters?.roleArn).filter((role): role is string => typeof role === "string"))];
  const what = group.name === "sts:AssumeRole" ? `assumed role ${roles.map((role) => role.split("/").pop()).join(", ")}` : `obtained ${group.name.split(":")[1]} credentials`;
  return fold(group, () => ({
    type: "CLOUD_TRAIL",
    name: group.name,
    api: group.name,
    tactic: "Initial Access",
    stage: 0,
    severity: 1,
    summary: `${what} (session key${keys.length === 1 ? "" : "s"} ${keys.join(", ")})`,
    resources: roles,
    links: keys.map((key) => `key:${key}`),
  }));
}

export function collectSignals(events: readonly VigilEvent[], candidates: readonly FindingCandidate[], settings: SequenceSettings): Signal[] {
  const byEventId = new Map<string, CloudTrailEvent>();
  for (const event of events) if (event.kind === "cloudtrail") byEventId.set(event.eventId, event);
  const signals: Signal[] = [];
  const spokenFor = new Set<string>();
  for (const candidate of candidates) {
    const event = candidate.source.eventId ? byEventId.get(candidate.source.eventId) : undefined;
    if (event && isAwsActing(event)) continue;
    const signal = findingSignal(candidate, event);
    if (!signal) continue;
    signals.push(signal);
    if (candidate.source.eventId) spokenFor.add(candidate.source.eventId);
  }
  const sensitive = new Map<string, Group>();
  const sessions = new Map<string, Group>();
  const byActor = new Map<string, CloudTrailEvent[]>();
  for (const event of byEventId.values()) {
    if (isAwsActing(event)) continue;
    const key = actorKey(actorOf(event));
    const own = byActor.get(key);
    if (own) own.push(event);
    else byActor.set(key, [event]);
    if (spokenFor.has(event.eventId)) continue;
    if (issuedSessionKey(event)) {
      const groupKey = `${key}\u0000session\u0000${event.eventName}`;
      const group = sessions.get(groupKey);
      if (group) group.events.push(event);
      else sessions.set(groupKey, { name: `sts:${event.eventName}`, denied: false, events: [event] });
      continue;
    }
    const spec = weakSignalSpec(event);
    if (!spec) continue;
    const denied = event.errorCode !== undefined && DENIED.test(event.errorCode);
    const name = `${serviceOf(event)}:${event.eventName}`;
    const groupKey = `${key}\u0000${name}\u0000${denied}`;
    const group = sensitive.get(groupKey);
    if (group) group.events.push(event);
    else sensitive.set(groupKey, { spec, name, denied, events: [event] });
  }
  for (const group of sensitive.values()) signals.push(sensitiveSignal(group));
  for (const group of sessions.values()) signals.push(sessionSignal(group));
  for (const actorEvents of byActor.values()) {
    const enumeration = enumerationSignal(actorEvents, settings);
    if (enumeration) signals.push(enumeration);
    const denied = deniedBurstSignal(actorEvents, settings);
    if (denied) signals.push(denied);
  }
  return signals;
}
