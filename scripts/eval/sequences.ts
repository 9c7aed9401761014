/**
 * Attack sequences on the attack day (issue 16): how many sequence findings the day raises, how many
 * techniques the best one covers, how many of the events its signals reference are attack events,
 * and how many sequences the day's benign events raise alone. A technique is covered when one of its
 * events is among the events the sequence's signals name (Signal.eventIds, at most 20 per signal).
 */
import type { Finding } from "../../src/detection/findings/types.js";
import type { SequenceDetection } from "../../src/detection/sequences/sequence-types.js";
import { benignDayObjects, type AttackDayResult, type DayRun } from "./attack-day.js";
import { bySplit, share, type Splits } from "./cold-figures.js";
import { markdownTable } from "./markdown.js";
import { scanRecords } from "./scan-records.js";

export type SequenceFigures = {
  sequences: number;
  /** The sequence covering most techniques, if any. */
  best?: { type: string; signals: number; techniques: string[]; referencedEvents: number; attackEvents: number; description: string };
};

export type SequenceEvaluation = { techniques: number; cold: SequenceFigures; primed: SequenceFigures; benignAlone: number };

const isSequence = (finding: Finding) => finding.type.startsWith("AttackSequence:");

function referencedEvents(finding: Finding): Set<string> {
  const { sequence } = finding.service.detection as SequenceDetection;
  return new Set(sequence.signals.flatMap((signal) => signal.eventIds));
}

export function sequenceFigures(run: DayRun, day: Pick<AttackDayResult, "eventIds">): SequenceFigures {
  const sequences = run.findings.filter(isSequence);
  const attackIds = new Set([...day.eventIds.values()].flatMap((ids) => [...ids]));
  let best: SequenceFigures["best"];
  for (const finding of sequences) {
    const events = referencedEvents(finding);
    const techniques = [...day.eventIds].filter(([, ids]) => [...ids].some((id) => events.has(id))).map(([technique]) => technique);
    if (best && techniques.length <= best.techniques.length) continue;
    best = {
      type: finding.type,
      signals: (finding.service.detection as SequenceDetection).sequence.signals.length,
      techniques,
      referencedEvents: events.size,
      attackEvents: [...events].filter((id) => attackIds.has(id)).length,
      description: finding.description,
    };
  }
  return { sequences: sequences.length, best };
}

export async function evaluateSequences(dataDir: string, day: AttackDayResult): Promise<SequenceEvaluation> {
  const benign = await scanRecords(await benignDayObjects(dataDir));
  return { techniques: day.techniques.length, cold: sequenceFigures(day.cold, day), primed: sequenceFigures(day.primed, day), benignAlone: benign.filter(isSequence).length };
}

/** Report cells per split: the best sequence's techniques, own and held-out apart. */
export function coveredTechniques(figures: SequenceFigures, techniques: readonly string[], heldOut: ReadonlySet<string>): Splits {
  const covered = new Set(figures.best?.techniques ?? []);
  return bySplit(techniques, (t) => (heldOut.has(t) ? "held-out" : "own"), (ts) => share(ts.filter((t) => covered.has(t)).length, ts.length));
}

export function signalPrecision(figures: SequenceFigures): string {
  return figures.best ? share(figures.best.attackEvents, figures.best.referencedEvents) : "–";
}

export function sequenceSection(result: SequenceEvaluation, techniques: readonly string[], heldOut: ReadonlySet<string>): string[] {
  const modes: Array<[string, SequenceFigures]> = [
    ["cold", result.cold],
    ["primed", result.primed],
  ];
  const missed = (figures: SequenceFigures) => techniques.filter((t) => !figures.best?.techniques.includes(t)).map((t) => (heldOut.has(t) ? `${t} (held-out)` : t));
  return [
    "### Attack sequences on the attack day (issue 16)",
    "",
    "Covered: one of the technique's events is among the events the best sequence's signals name. Precision: of the events its signals name, the attack events.",
    "",
    markdownTable(
      ["mode", "sequence findings", "best sequence: signals", "techniques covered, own", "held-out", "all", "its signals' events that are attack events"],
      modes.map(([mode, f]) => {
        const c = coveredTechniques(f, techniques, heldOut);
        return [mode, String(f.sequences), String(f.best?.signals ?? 0), c.own, c["held-out"], c.all, signalPrecision(f)];
      }),
    ),
    "",
    `Sequences raised on the day's benign events alone: ${result.benignAlone}.`,
    "",
    ...modes.map(([mode, f]) => `Techniques the best sequence does not cover, ${mode}: ${missed(f).join(", ") || "none"}`),
    "",
    "The best sequence's description, cold:",
    "",
    `> ${result.cold.best?.description ?? "no sequence"}`,
    "",
  ];
}
