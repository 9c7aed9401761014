/**
 * GuardDuty's severity bands (1.0–3.9 Low, 4.0–6.9 Medium, 7.0–8.9 High, 9.0–10.0 Critical), the
 * one scale every format and filter maps from.
 */
export type SeverityLabel = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

export const SEVERITY_LABELS: readonly SeverityLabel[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

const LOWEST_SCORE: Record<SeverityLabel, number> = { LOW: 0, MEDIUM: 4, HIGH: 7, CRITICAL: 9 };

export function severityLabel(severity: number): SeverityLabel {
  if (severity >= LOWEST_SCORE.CRITICAL) return "CRITICAL";
  if (severity >= LOWEST_SCORE.HIGH) return "HIGH";
  if (severity >= LOWEST_SCORE.MEDIUM) return "MEDIUM";
  return "LOW";
}

export function atLeast(severity: number, minimum: SeverityLabel): boolean {
  return severity >= LOWEST_SCORE[minimum];
}
