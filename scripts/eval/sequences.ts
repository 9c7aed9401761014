/**
 * Attack sequences on the attack day (issue 16): how many sequence findings the day raises, how many
 * techniques the best one covers, how many of the events its signals reference are attack events,
 * and how many sequences the day's benign events raise alone. A technique is covered when one of its
 * events is among the events the sequence's signals name (Signal.eventIds, at most 20 per signal).
 */
import type { Finding } from "../../src/detection/findings/types.js";
import type { SequenceDetection } from "../../src/detection/sequences/sequence-types.js";
import { benignDayObjects, type AttackDayResult, type DayRun } from "./attack-day.js";
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

function figures(run: DayRun, day: AttackDayResult): SequenceFigures {
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
  return { techniques: day.techniques.length, cold: figures(day.cold, day), primed: figures(day.primed, day), benignAlone: benign.filter(isSequence).length };
}
