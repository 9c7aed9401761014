/**
 * One step along GuardDuty's default severities (Low 2, Medium 5, High 8): up to the next default
 * above, or down to the next below. High 8 is not raised (Critical is for attack sequences) and Low 2
 * is not lowered: the baseline qualifies a finding, it never silences it.
 */
import { SEVERITY } from "../../engine/types.js";

const LADDER = [SEVERITY.LOW, SEVERITY.MEDIUM, SEVERITY.HIGH];

export function raisedSeverity(severity: number): number {
  return LADDER.find((step) => step > severity) ?? severity;
}

export function loweredSeverity(severity: number): number {
  return [...LADDER].reverse().find((step) => step < severity) ?? severity;
}
