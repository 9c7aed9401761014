/**
 * What the pipeline and `vigil scan` call once per log object, after every batch's candidates are known:
 *
 *   signals.push(...collectSignals(batch, candidates, settings));          // each batch
 *   candidates.push(...(await sequencesOf(store, signals, contribution, options)));   // once, at the object's end
 *
 * One store round trip per object (none when it has no signal). A sequence's candidate is raised by the
 * object that carries the story over the threshold and again by each object that adds signals to it (or
 * an earlier copy of one); objects that add nothing to it raise nothing. Each raise is the story as that
 * object saw it, and the finding keeps the latest in the store's order (its id stays): the object
 * numbered last among the story's saw all of it, so the finding ends the same whatever order objects came in.
 * `detectSequences` is the same for a single batch read as its own contribution.
 */
import type { FindingCandidate } from "../engine/types.js";
import type { VigilEvent } from "../events.js";
import { collectSignals } from "./collect.js";
import { decideSequences, type SequenceDecision } from "./decide.js";
import { sequenceCandidates, type OrderedDecision, type SequenceFindingOptions } from "./sequence-finding.js";
import type { SequenceSettings } from "./settings.js";
import type { Signal } from "./signal.js";
import { pruneSignals, type SignalMap } from "./state.js";
import type { SequenceStore } from "./store.js";

export type SequenceOptions = SequenceFindingOptions & { settings: SequenceSettings };

/**
 * The sequences of `merged` whose story holds a signal `before` lacked. Only those stories are decided:
 * a story the contribution did not touch was decided (and raised, if it is one) when it last grew.
 */
export function grownSequences(before: SignalMap, merged: SignalMap, settings: SequenceSettings): SequenceDecision[] {
  return decideSequences(pruneSignals(merged, settings), settings, (signal) => !(signal.id in before));
}

export async function sequencesOf(store: SequenceStore, signals: readonly Signal[], contribution: string, options: SequenceOptions): Promise<FindingCandidate[]> {
  if (signals.length === 0) return [];
  const accounts = await store.merge(signals, contribution);
  const grown: OrderedDecision[] = [];
  for (const { before, merged, order } of accounts.values()) grown.push(...grownSequences(before, merged, options.settings).map((decision) => ({ ...decision, order })));
  return sequenceCandidates(grown, options);
}

export function detectSequences(
  store: SequenceStore,
  events: readonly VigilEvent[],
  candidates: readonly FindingCandidate[],
  contribution: string,
  options: SequenceOptions,
): Promise<FindingCandidate[]> {
  return sequencesOf(store, collectSignals(events, candidates, options.settings), contribution, options);
}
