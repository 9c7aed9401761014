/**
 * Which rule findings the identity baseline may qualify: those of stateless sensitive-action rules
 * (Vigil's own and GuardDuty's rule types on management events) that decide on one API call. Rules
 * that decide on who calls from where (root use, penetration-test tools, threat lists, instance
 * credentials) have no triggers and are left to their own logic.
 */
import type { EventRule, FindingTypeMeta } from "../../engine/types.js";

export function isReviewableType(meta: FindingTypeMeta): boolean {
  return meta.dataSource === "CLOUD_TRAIL" && meta.method === "RULE";
}

/** `eventSource|eventName` of every call a reviewable rule can fire on, for observe to read the caller's baseline. */
export function reviewableCalls(rules: readonly EventRule[]): ReadonlySet<string> {
  const calls = new Set<string>();
  for (const rule of rules) {
    if (rule.kind !== "cloudtrail" || !rule.triggers || !rule.findingTypes.some(isReviewableType)) continue;
    for (const trigger of rule.triggers) for (const name of trigger.eventNames) calls.add(callKey(trigger.eventSource, name));
  }
  return calls;
}

export function callKey(eventSource: string, eventName: string): string {
  return `${eventSource}|${eventName}`;
}
