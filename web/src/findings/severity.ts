import type { Criterion } from "../api/findings";

export type SeverityBand = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

/** GuardDuty's bands: Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0. */
const BANDS: Record<SeverityBand, { from: number; below: number; label: string }> = {
  LOW: { from: 1, below: 4, label: "Low" },
  MEDIUM: { from: 4, below: 7, label: "Medium" },
  HIGH: { from: 7, below: 9, label: "High" },
  CRITICAL: { from: 9, below: 10.01, label: "Critical" },
};

export const SEVERITY_BANDS = Object.keys(BANDS) as SeverityBand[];

export function bandOf(severity: number): SeverityBand {
  return SEVERITY_BANDS.find((band) => severity < BANDS[band].below) ?? "CRITICAL";
}

export function bandLabel(band: SeverityBand): string {
  return BANDS[band].label;
}

export function bandCriterion(band: SeverityBand): Criterion {
  return { attribute: "severity", greaterThanOrEqual: BANDS[band].from, lessThan: BANDS[band].below };
}
