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

type Decided = { signals: SignalMap; decisions: SequenceDecision[] };

// The last decision per account and settings. A batch's `before` is, most of the time, the previous
// batch's `merged` (the same signal objects from the store): then that decision is reused instead of
// made again. Only an identical map (same ids, same objects) is reused, so the outcome cannot differ.
const lastDecided = new WeakMap<SequenceSettings, Map<string, Decided>>();
const DECISIONS_KEPT = 1_000;

function sameSignals(a: SignalMap, b: SignalMap): boolean {
  const ids = Object.keys(a);
  if (ids.length !== Object.keys(b).length) return false;
  for (const id of ids) if (a[id] !== b[id]) return false;
  return true;
}

function decided(accountId: string | undefined, signals: SignalMap, settings: SequenceSettings): SequenceDecision[] {
  const cache = accountId === undefined ? undefined : lastDecided.get(settings);
  const last = cache?.get(accountId!);
  if (last && sameSignals(last.signals, signals)) return last.decisions;
  return decideSequences(pruneSignals(signals, settings), settings);
}

function remember(accountId: string | undefined, signals: SignalMap, decisions: SequenceDecision[], settings: SequenceSettings): void {
  if (accountId === undefined) return;
  let cache = lastDecided.get(settings);
  if (!cache) lastDecided.set(settings, (cache = new Map()));
  cache.delete(accountId);
  cache.set(accountId, { signals, decisions });
  if (cache.size > DECISIONS_KEPT) cache.delete(cache.keys().next().value as string);
}

/** The sequences of `merged` that `before` did not already hold with the same signals. */
export function grownSequences(before: SignalMap, merged: SignalMap, settings: SequenceSettings, accountId?: string): SequenceDecision[] {
  const earlier = new Map(decided(accountId, before, settings).map((decision) => [decision.anchor, decision]));
  const now = decided(accountId, merged, settings);
  remember(accountId, merged, now, settings);
  return now.filter((decision) => {
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
  for (const [accountId, { before, merged }] of accounts) grown.push(...grownSequences(before, merged, options.settings, accountId));
  return sequenceCandidates(grown, options);
}
