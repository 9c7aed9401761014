/**
 * Aggregation, as GuardDuty does it: a new occurrence of the same finding (same id) adds to count,
 * widens eventFirstSeen/eventLastSeen, and its details replace the stored ones when it is the latest
 * activity. An occurrence that arrives late (older activity, e.g. a re-processed log) only adds to
 * the count and the time range. Archive state and creation time stay with the stored finding.
 * An attack sequence's finding is replaced by a later decision instead (laterDecision).
 */
import type { Finding, SourceEventRef } from "./types.js";

export const MAX_SOURCE_EVENTS = 20;

function refKey(ref: SourceEventRef): string {
  return ref.eventId ? `id:${ref.eventId}|${ref.object}` : `at:${ref.object}|${ref.line ?? ""}|${ref.key ?? ""}`;
}

/** The newest references, oldest first, without repeats. */
function mergeSourceEvents(older: SourceEventRef[], newer: SourceEventRef[]): SourceEventRef[] {
  const byKey = new Map<string, SourceEventRef>();
  for (const ref of [...older, ...newer]) {
    const key = refKey(ref);
    byKey.delete(key);
    byKey.set(key, ref);
  }
  return [...byKey.values()].slice(-MAX_SOURCE_EVENTS);
}

function earlier(a: string, b: string): string {
  return a <= b ? a : b;
}

function later(a: string, b: string): string {
  return a >= b ? a : b;
}

/**
 * An attack sequence is its story as last decided: the later decision stands whole (its count is the
 * story's signals), whichever was written first; what the analyst did and the creation time stay.
 */
function laterDecision(existing: Finding, occurrence: Finding): Finding {
  const chosen = (occurrence.vigil.sequenceDecision ?? "") > (existing.vigil.sequenceDecision ?? "") ? occurrence : existing;
  return { ...chosen, createdAt: existing.createdAt, updatedAt: later(existing.updatedAt, occurrence.updatedAt), service: { ...chosen.service, archived: existing.service.archived } };
}

export function mergeFinding(existing: Finding, occurrence: Finding): Finding {
  if (existing.id !== occurrence.id) throw new Error(`cannot merge finding ${occurrence.id} into ${existing.id}`);
  if (occurrence.vigil.sequenceDecision !== undefined) return laterDecision(existing, occurrence);
  const occurrenceIsLatest = occurrence.service.eventLastSeen >= existing.service.eventLastSeen;
  const latest = occurrenceIsLatest ? occurrence : existing;
  const associatedAttackSequenceArn = latest.associatedAttackSequenceArn ?? existing.associatedAttackSequenceArn ?? occurrence.associatedAttackSequenceArn;
  return {
    ...latest,
    // A finding stays a signal of its sequence when a later occurrence comes without one.
    ...(associatedAttackSequenceArn ? { associatedAttackSequenceArn } : {}),
    createdAt: existing.createdAt,
    updatedAt: later(existing.updatedAt, occurrence.updatedAt),
    service: {
      ...latest.service,
      count: existing.service.count + occurrence.service.count,
      eventFirstSeen: earlier(existing.service.eventFirstSeen, occurrence.service.eventFirstSeen),
      eventLastSeen: later(existing.service.eventLastSeen, occurrence.service.eventLastSeen),
      archived: existing.service.archived,
    },
    vigil: {
      confidenceReason: latest.vigil.confidenceReason,
      sourceEvents: occurrenceIsLatest
        ? mergeSourceEvents(existing.vigil.sourceEvents, occurrence.vigil.sourceEvents)
        : mergeSourceEvents(occurrence.vigil.sourceEvents, existing.vigil.sourceEvents),
    },
  };
}
