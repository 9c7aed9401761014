/**
 * One batch's signals: the batch's finding candidates (every rule and model family), plus the weak
 * signals of its CloudTrail events that no candidate already speaks for (weak-signals.ts) and the
 * session keys users obtained (session-links.ts). Pure: the same batch gives the same signals, ids
 * included.
 */
import type { FindingCandidate } from "../engine/types.js";
import type { CloudTrailEvent, VigilEvent } from "../events.js";
import { actorKey, batchActors, isAwsActing, serviceOf } from "./actors.js";
import { findingSignal } from "./finding-signals.js";
import { issuedSessionKey, sessionSignal } from "./session-links.js";
import type { Signal } from "./signal.js";
import type { SequenceSettings } from "./settings.js";
import { weakSignalSpec } from "./weak-signal-table.js";
import { deniedBurstSignal, enumerationSignal, isDenied, sensitiveSignal, type Group } from "./weak-signals.js";

export function collectSignals(events: readonly VigilEvent[], candidates: readonly FindingCandidate[], settings: SequenceSettings): Signal[] {
  const byEventId = new Map<string, CloudTrailEvent>();
  for (const event of events) if (event.kind === "cloudtrail") byEventId.set(event.eventId, event);
  const actorOf = batchActors();
  const signals: Signal[] = [];
  const spokenFor = new Set<string>();
  for (const candidate of candidates) {
    const event = candidate.source.eventId ? byEventId.get(candidate.source.eventId) : undefined;
    if (event && isAwsActing(event)) continue;
    const signal = findingSignal(candidate, event, actorOf);
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
    const denied = isDenied(event);
    const name = `${serviceOf(event)}:${event.eventName}`;
    const groupKey = `${key}\u0000${name}\u0000${denied}`;
    const group = sensitive.get(groupKey);
    if (group) group.events.push(event);
    else sensitive.set(groupKey, { spec, name, denied, events: [event] });
  }
  for (const group of sensitive.values()) signals.push(sensitiveSignal(group, actorOf));
  for (const group of sessions.values()) signals.push(sessionSignal(group, actorOf));
  for (const actorEvents of byActor.values()) {
    const enumeration = enumerationSignal(actorEvents, settings, actorOf);
    if (enumeration) signals.push(enumeration);
    const denied = deniedBurstSignal(actorEvents, settings, actorOf);
    if (denied) signals.push(denied);
  }
  return signals;
}
