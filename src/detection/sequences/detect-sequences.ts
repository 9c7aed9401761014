/**
 * What the pipeline and `vigil scan` call once per batch, after the batch's candidates are known:
 *
 *   candidates.push(...(await detectSequences(store, batch, candidates, contributionId(source.id, object.key, batchIndex), options)));
 *
 * One store round trip (none when the batch has no signal). A sequence's candidate is raised by the
 * batch that carries the story over the threshold and again by each batch that adds signals to it
 * (the finding's count and last-seen grow; its id stays); batches that add nothing to it raise nothing.
 */
import type { FindingCandidate } from "../engine/types.js";
import type { VigilEvent } from "../events.js";
import { collectSignals } from "./collect.js";
import { decideSequences, type SequenceDecision } from "./decide.js";
import { sequenceCandidates, type SequenceFindingOptions } from "./sequence-finding.js";
import type { SequenceSettings } from "./settings.js";
import { pruneSignals, type SignalMap } from "./state.js";
import type { SequenceStore } from "./store.js";

export type SequenceOptions = SequenceFindingOptions & { settings: SequenceSettings };

/** The sequences of `merged` that `before` did not already hold with the same signals. */
export function grownSequences(before: SignalMap, merged: SignalMap, settings: SequenceSettings): SequenceDecision[] {
  const earlier = new Map(decideSequences(pruneSignals(before, settings), settings).map((decision) => [decision.anchor, decision]));
  return decideSequences(pruneSignals(merged, settings), settings).filter((decision) => {
    const previous = earlier.get(decision.anchor);
    if (!previous) return true;
    const known = new Set(previous.signals.map((signal) => signal.id));
    return decision.signals.some((signal) => !known.has(signal.id));
  });
}

export async function detectSequences(
  store: SequenceStore,
  events: readonly VigilEvent[],
  candidates: readonly FindingCandidate[],
  contribution: string,
  options: SequenceOptions,
): Promise<FindingCandidate[]> {
  const signals = collectSignals(events, candidates, options.settings);
  if (signals.length === 0) return [];
  const accounts = await store.merge(signals, contribution);
  const grown: SequenceDecision[] = [];
  for (const { before, merged } of accounts.values()) grown.push(...grownSequences(before, merged, options.settings));
  return sequenceCandidates(grown, options);
}
