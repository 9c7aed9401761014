/**
 * Baselines enrich sensitive-action findings, never gate them. A rule such as SnapshotSharedOutside
 * fires from the event alone; when the caller's identity baseline has learned enough (past its
 * learning period, API profile not saturated), this model says how usual the call was for it:
 *
 * - never called before in its baseline: severity one step up, "first time …";
 * - called on at least `routineActionDays` days and on a weekly share of its observed days (GuardDuty's
 *   "frequent"): severity one step down, "… on 12 of the last 30 days";
 * - otherwise: severity kept, the same sentence.
 *
 * A young or missing history leaves the finding as the rule raised it. The identity model learns the
 * APIs (principal "api" dimension); this model only reads them, for the calls reviewable rules fire on.
 */
import type { FindingCandidate } from "../../engine/types.js";
import { isServiceInvoked } from "../../rules/cloudtrail/shared/identity.js";
import { apiName } from "../identity/api-family.js";
import { identityId } from "../identity/model.js";
import type { BaselineModel } from "../model.js";
import { dayOf, type EntityProfile, type ValueStats } from "../state/profile.js";
import { DAY_MS, type BaselineSettings } from "../state/settings.js";
import { entityKey } from "../state/store.js";
import { callKey, isReviewableType } from "./reviewable.js";
import { loweredSeverity, raisedSeverity } from "./severity-step.js";

type CallFact = { eventId: string; principal: string; identity: string; api: string; time: number };

export type CallUsualness = "FIRST_TIME" | "ROUTINE" | "OCCASIONAL";

type Verdict = { usualness: CallUsualness; daysSeen: number; windowDays: number; explanation: string };

const WEEKLY = 1 / 7;

/** Days the value was seen on before the event's day: a retried batch, already learned, judges the same. */
function daysBefore(stats: ValueStats, time: number): number {
  return Math.max(1, stats.days - (dayOf(stats.last) >= dayOf(time) ? 1 : 0));
}

function judge(fact: CallFact, profile: EntityProfile | undefined, settings: BaselineSettings): Verdict | undefined {
  if (!profile?.readyAt(fact.time, settings) || profile.saturated("api")) return undefined;
  // Values unseen for the retention period may have aged out: the baseline speaks for that long at most.
  const windowDays = Math.max(1, Math.min(dayOf(fact.time) - dayOf(profile.first), Math.round(settings.retentionMs / DAY_MS)));
  const stats = profile.value("api", fact.api);
  if (!stats || stats.first >= fact.time) {
    return { usualness: "FIRST_TIME", daysSeen: 0, windowDays, explanation: `First time ${fact.identity} called ${fact.api} in ${windowDays} days.` };
  }
  const daysSeen = Math.min(daysBefore(stats, fact.time), windowDays);
  const routine = daysSeen >= settings.routineActionDays && daysSeen / windowDays >= WEEKLY;
  const explanation = `${fact.identity} called ${fact.api} on ${daysSeen} of the last ${windowDays} days${routine ? ": routine for it" : ""}.`;
  return { usualness: routine ? "ROUTINE" : "OCCASIONAL", daysSeen, windowDays, explanation };
}

function qualified(candidate: FindingCandidate, fact: CallFact, verdict: Verdict): FindingCandidate {
  const severity =
    verdict.usualness === "FIRST_TIME" ? raisedSeverity(candidate.severity) : verdict.usualness === "ROUTINE" ? loweredSeverity(candidate.severity) : candidate.severity;
  const identityBaseline = {
    api: fact.api,
    usualness: verdict.usualness,
    daysSeen: verdict.daysSeen,
    windowDays: verdict.windowDays,
    explanation: verdict.explanation,
    ...(severity === candidate.severity ? {} : { ruleSeverity: candidate.severity }),
  };
  return { ...candidate, severity, additionalInfo: { ...candidate.additionalInfo, identityBaseline } };
}

/** `calls`: the `eventSource|eventName` pairs reviewable rules fire on (reviewableCalls of the registry). */
export function sensitiveActionModel(calls: ReadonlySet<string>): BaselineModel<CallFact> {
  return {
    id: "sensitive-action-usualness",
    findingTypes: [],
    observe(event, _context, batch) {
      if (event.kind !== "cloudtrail" || !calls.has(callKey(event.eventSource, event.eventName)) || isServiceInvoked(event)) return;
      const identity = identityId(event);
      if (!identity) return;
      const principal = entityKey(event.accountId, "principal", identity);
      batch.read(principal);
      batch.fact({ eventId: event.eventId, principal, identity, api: apiName(event.eventSource, event.eventName), time: event.time });
    },
    review(candidates, facts, snapshot, context) {
      if (facts.length === 0) return candidates;
      const byEvent = new Map(facts.map((fact) => [fact.eventId, fact]));
      return candidates.map((candidate) => {
        const fact = isReviewableType(candidate.meta) && candidate.source.eventId ? byEvent.get(candidate.source.eventId) : undefined;
        const verdict = fact && judge(fact, snapshot.profile(fact.principal), context.baseline);
        return fact && verdict ? qualified(candidate, fact, verdict) : candidate;
      });
    },
  };
}
