/** The figures of the cold/primed report, as table cells: shares, per split, per mode. */
import { agreement, type CaseOutcome } from "./agreement.js";
import type { AttackDayResult, DayRun } from "./attack-day.js";
import type { Split } from "./holdout.js";
import type { StratusColdResult } from "./stratus-cold.js";

export const share = (part: number, whole: number) => (whole === 0 ? "–" : `${part}/${whole} (${((100 * part) / whole).toFixed(0)} %)`);

export type Mode = "cold" | "primed";
export type Splits = Record<Split | "all", string>;

export function bySplit<T>(items: readonly T[], splitOf: (item: T) => Split, cell: (items: readonly T[]) => string): Splits {
  return { own: cell(items.filter((i) => splitOf(i) === "own")), "held-out": cell(items.filter((i) => splitOf(i) === "held-out")), all: cell(items) };
}

export function dayTechniques(day: AttackDayResult, run: DayRun, heldOut: ReadonlySet<string>): Splits {
  return bySplit(day.techniques, (t) => (heldOut.has(t) ? "held-out" : "own"), (ts) => share(ts.filter((t) => run.techniquesFound.get(t)!.size > 0).length, ts.length));
}

export function detonationTechniques(stratus: StratusColdResult, mode: Mode): Splits {
  return bySplit(stratus.rows, (r) => r.split, (rows) => share(rows.filter((r) => r[mode].length > 0).length, rows.length));
}

export const perThousand = (run: DayRun, benign: number) => `${((1000 * run.falseFindings.length) / benign).toFixed(1)} (${run.falseFindings.length} in ${benign})`;

export function agreementShare(outcomes: readonly CaseOutcome[]): string {
  const a = agreement(outcomes);
  return share(a.agreed, a.cases);
}
