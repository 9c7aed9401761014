/**
 * A decided sequence as a finding candidate, so it takes the same path as every other finding
 * (suppression, upsert by id, publication). Its id depends on the detector, the type and the anchor
 * only: a sequence that grows keeps its finding.
 */
import type { FindingCandidate } from "../engine/types.js";
import { findingId } from "../findings/finding-id.js";
import type { FindingResource } from "../findings/types.js";
import type { SequenceDecision } from "./decide.js";
import { COMPROMISED_CREDENTIALS, COMPROMISED_DATA } from "./meta.js";
import type { Sequence, SequenceActor, SequenceIndicator, SequenceResource, SequenceSignal } from "./sequence-types.js";
import { actorIds, type Signal } from "./signal.js";
import { STAGE_NAMES } from "./tactics.js";
import { timeline } from "./timeline.js";

/** GuardDuty lists at most 100 signals per sequence. */
const MAX_SIGNALS = 100;
const HIGH_RISK_SEVERITY = 4;

function iso(time: number): string {
  return new Date(time).toISOString();
}

function signalUid(signal: Signal, detectorId: string): string {
  return signal.finding ? findingId(detectorId, signal.finding.type, signal.finding.aggregationKey) : signal.id;
}

/**
 * The most telling signals when there are more than GuardDuty lists: the most severe of each kind
 * first (so a flood of one kind does not hide the others), then the most severe; kept in time order.
 */
function listed(signals: readonly Signal[]): Signal[] {
  if (signals.length <= MAX_SIGNALS) return [...signals];
  const bySeverity = [...signals].sort((a, b) => b.severity - a.severity || a.firstSeen - b.firstSeen);
  const kept = new Set<Signal>();
  const kinds = new Set<string>();
  for (const signal of bySeverity) {
    if (kinds.has(signal.name)) continue;
    kinds.add(signal.name);
    kept.add(signal);
  }
  for (const signal of bySeverity) kept.add(signal);
  const chosen = new Set([...kept].slice(0, MAX_SIGNALS));
  return signals.filter((signal) => chosen.has(signal));
}

function actorsOf(signals: readonly Signal[]): SequenceActor[] {
  const actors = new Map<string, SequenceActor>();
  for (const { actor, accountId } of signals) {
    const id = actor.accessKeyId ? `key:${actor.accessKeyId}` : actor.principal ? `principal:${actor.principal}` : undefined;
    if (!id || actors.has(id)) continue;
    actors.set(id, {
      id,
      user: { name: actor.userName, uid: actor.principal, type: actor.userType, credentialUid: actor.accessKeyId, account: { uid: accountId } },
      ...(actor.sessionName || actor.mfaAuthenticated !== undefined
        ? { session: { uid: actor.sessionName, mfaStatus: actor.mfaAuthenticated ? "ENABLED" : "DISABLED", issuer: actor.userType === "AssumedRole" ? actor.principal : undefined } }
        : {}),
    });
  }
  return [...actors.values()];
}

function resourcesOf(signals: readonly Signal[]): SequenceResource[] {
  const resources = new Map<string, SequenceResource>();
  for (const signal of signals) {
    for (const uid of signal.resources) {
      if (resources.has(uid)) continue;
      const service = signal.api?.split(":")[0];
      resources.set(uid, { uid, name: uid.split(/[:/]/).pop(), accountId: signal.accountId, resourceType: signal.s3Data ? "S3Bucket" : service ?? "Unknown", region: signal.region });
    }
  }
  return [...resources.values()];
}

function indicatorsOf(signals: readonly Signal[]): SequenceIndicator[] {
  const tactics = [...new Set(signals.map((signal) => signal.tactic))];
  const techniques = [...new Set(signals.map((signal) => signal.technique).filter((t): t is string => !!t))];
  const risky = [...new Set(signals.filter((signal) => signal.severity >= HIGH_RISK_SEVERITY && signal.api).map((signal) => signal.api!))];
  const indicators: SequenceIndicator[] = [{ key: "ATTACK_TACTIC", values: tactics, title: "MITRE ATT&CK tactics" }];
  if (techniques.length) indicators.push({ key: "ATTACK_TECHNIQUE", values: techniques, title: "MITRE ATT&CK techniques" });
  if (risky.length) indicators.push({ key: "HIGH_RISK_API", values: risky, title: "High-risk APIs" });
  return indicators;
}

function sequenceSignal(signal: Signal, detectorId: string): SequenceSignal {
  return {
    uid: signalUid(signal, detectorId),
    type: signal.type,
    description: signal.summary,
    name: signal.name,
    createdAt: iso(signal.firstSeen),
    updatedAt: iso(signal.lastSeen),
    firstSeenAt: iso(signal.firstSeen),
    lastSeenAt: iso(signal.lastSeen),
    severity: signal.severity,
    count: signal.count,
    resourceUids: signal.resources,
    actorIds: actorIds(signal.actor).filter((id) => !id.startsWith("ip:")),
    endpointIds: signal.actor.sourceIp ? [`ip:${signal.actor.sourceIp}`] : [],
    signalIndicators: [{ key: "ATTACK_TACTIC", values: [signal.tactic], title: "MITRE ATT&CK tactic" }],
    eventIds: signal.eventIds,
  };
}

function principalName(decision: SequenceDecision): string {
  const anchor = decision.signals.find((signal) => `principal:${signal.actor.principal}` === decision.anchor)?.actor;
  return anchor?.userName ?? anchor?.principal ?? decision.anchor.replace(/^[a-z]+:/, "");
}

export type SequenceFindingOptions = { detectorId: string };

/** A decision and where it stands among its account's (store.ts): a later one replaces its finding. */
export type OrderedDecision = SequenceDecision & { order: string };

function build(decision: OrderedDecision, signals: readonly Signal[], options: SequenceFindingOptions, s3: boolean): FindingCandidate {
  const meta = s3 ? COMPROMISED_DATA : COMPROMISED_CREDENTIALS;
  const newest = decision.signals.reduce((a, b) => (b.lastSeen > a.lastSeen ? b : a));
  const principal = principalName(decision);
  const buckets = [...new Set(decision.signals.filter((signal) => signal.s3Data).flatMap((signal) => signal.resources))];
  const lead = `${principal} walked ${decision.stages.length} stages in attack order (${decision.stages.map((stage) => STAGE_NAMES[stage]).join(" → ")})`;
  const aggregationKey = `${decision.accountId}|${decision.anchor}`;
  const sequence: Sequence = {
    uid: findingId(options.detectorId, meta.type, aggregationKey),
    description: timeline(decision.signals, lead),
    // The actors, resources and endpoints of the signals listed: a story of thousands of signals would
    // otherwise list thousands of each, and its finding (rewritten whenever the story grows) run to megabytes.
    actors: actorsOf(signals),
    resources: resourcesOf(signals),
    endpoints: [...new Set(signals.map((signal) => signal.actor.sourceIp).filter((ip): ip is string => !!ip))].map((ip) => ({ id: `ip:${ip}`, ip })),
    signals: signals.map((signal) => sequenceSignal(signal, options.detectorId)),
    sequenceIndicators: indicatorsOf(decision.signals),
    ...(decision.s3Data && !s3 ? { additionalSequenceTypes: [COMPROMISED_DATA.type] } : {}),
  };
  const resource: FindingResource = s3
    ? { resourceType: "S3Bucket", s3BucketDetails: buckets.map((name) => ({ name, arn: `arn:aws:s3:::${name}`, type: "Destination" })) }
    : {
        resourceType: "AccessKey",
        accessKeyDetails: { accessKeyId: newest.actor.accessKeyId, principalId: newest.actor.principal, userName: newest.actor.userName, userType: newest.actor.userType },
      };
  const [service = "", api = newest.name] = (newest.api ?? "").split(":");
  return {
    meta,
    severity: decision.stages.length >= 4 ? 10 : 9,
    accountId: decision.accountId,
    region: newest.region,
    aggregationKey,
    time: newest.lastSeen,
    resource,
    action: {
      actionType: "AWS_API_CALL",
      api: api || newest.name,
      serviceName: service ? `${service}.amazonaws.com` : "",
      caller: newest.actor.sourceIp ?? "",
      ...(newest.actor.userAgent ? { userAgent: newest.actor.userAgent } : {}),
      affectedResources: {},
    },
    templateValues: { principal, timeline: sequence.description, buckets: buckets.join(", ") },
    additionalInfo: { stages: decision.stages.map((stage) => STAGE_NAMES[stage]), score: decision.score, signals: decision.signals.length },
    // The story's signals (oldest first), not the objects that grew it: the same whatever order they came in.
    decision: { order: decision.order, count: decision.signals.length, firstTime: decision.signals[0].firstSeen },
    sequence: { sequence },
    source: { eventId: newest.eventIds[newest.eventIds.length - 1], object: newest.object },
  };
}

/** One candidate per decided sequence, and one more of the S3 type when the story touched S3 data. */
export function sequenceCandidates(decisions: readonly OrderedDecision[], options: SequenceFindingOptions): FindingCandidate[] {
  return decisions.flatMap((decision) => {
    const signals = listed(decision.signals);
    return decision.s3Data ? [build(decision, signals, options, false), build(decision, signals, options, true)] : [build(decision, signals, options, false)];
  });
}
