/**
 * Where an account's signals live between batches: Redis in the pipeline (src/state/), memory in
 * `vigil scan`. A batch is stored as one contribution ("<log object>#<batch index>", contributionId):
 * contributions are numbered when first stored, and a batch sees the signals of every contribution
 * numbered up to its own — so a retried batch sees and decides what its first run did, adds nothing
 * twice, and two workers see one story.
 *
 * What is stored does not depend on the order contributions come in: when two contributions carry a
 * signal of the same id (one step, seen in two log objects), the earlier copy stands for it whichever
 * came first (`earlierCopy`), and it is numbered as the contribution that stored it. So the contribution
 * numbered last among those that stored a story's signals sees the story as it ends, and its decision
 * (`order`) is the one a sequence finding keeps (sequence-finding.ts).
 */
import { DEFAULT_SEQUENCE_SETTINGS, type SequenceSettings } from "./settings.js";
import type { Signal } from "./signal.js";
import type { SignalMap } from "./state.js";

export type AccountSignals = {
  /** Signals stored before this batch (contributions numbered before its own). */
  before: SignalMap;
  /** The same plus this batch's. */
  merged: SignalMap;
  /** Where this batch's decision stands among the account's: a later one saw at least what it saw. */
  order: string;
};

export interface SequenceStore {
  merge(signals: readonly Signal[], contribution: string): Promise<Map<string, AccountSignals>>;
}

type Numbered = { seq: number; signal: Signal };

/**
 * Of two copies of one signal, whether `a` stands for the step rather than `b`: the one that began
 * first (ties, which two deliveries of the same events make, by their text).
 */
export function earlierCopy(a: Signal, b: Signal): boolean {
  return a.firstSeen < b.firstSeen || (a.firstSeen === b.firstSeen && JSON.stringify(a) < JSON.stringify(b));
}

/** A decision's place: the store's epoch (it starts with its creation time) and the contribution's number. */
export function decisionOrder(epoch: string, seq: number): string {
  return `${epoch}/${String(seq).padStart(12, "0")}`;
}

/** One copy per id, the first of the contribution's (batches are cut the same way on every read). */
export function firstCopies(signals: readonly Signal[]): Signal[] {
  const seen = new Set<string>();
  return signals.filter((signal) => {
    if (seen.has(signal.id)) return false;
    seen.add(signal.id);
    return true;
  });
}

/** Folds numbered signals into the two views of one contribution numbered `own`. */
export function viewsOf(stored: Iterable<Numbered>, own: number, epoch: string): AccountSignals {
  const before: SignalMap = {};
  const merged: SignalMap = {};
  for (const { seq, signal } of stored) {
    if (seq > own) continue;
    merged[signal.id] = signal;
    if (seq < own) before[signal.id] = signal;
  }
  return { before, merged, order: decisionOrder(epoch, own) };
}

export function byAccount(signals: readonly Signal[]): Map<string, Signal[]> {
  const groups = new Map<string, Signal[]>();
  for (const signal of signals) {
    const group = groups.get(signal.accountId);
    if (group) group.push(signal);
    else groups.set(signal.accountId, [signal]);
  }
  return groups;
}

/** The memory store's epoch: it is never recreated, so its decisions are ordered by number alone. */
const MEMORY_EPOCH = "t0";

/** One process's store (`vigil scan`, tests): the same numbering, copies, window and cap as Redis, without expiry. */
export class MemorySequenceStore implements SequenceStore {
  private readonly accounts = new Map<string, { counter: number; newest: number; contributions: Map<string, number>; signals: Map<string, Numbered> }>();

  constructor(private readonly settings: SequenceSettings = DEFAULT_SEQUENCE_SETTINGS) {}

  async merge(signals: readonly Signal[], contribution: string): Promise<Map<string, AccountSignals>> {
    const result = new Map<string, AccountSignals>();
    for (const [accountId, own] of byAccount(signals)) {
      let account = this.accounts.get(accountId);
      if (!account) this.accounts.set(accountId, (account = { counter: 0, newest: 0, contributions: new Map(), signals: new Map() }));
      let seq = account.contributions.get(contribution);
      if (seq === undefined) {
        seq = ++account.counter;
        account.contributions.set(contribution, seq);
      }
      account.newest = Math.max(account.newest, ...own.map((signal) => signal.lastSeen));
      // A long scan keeps only the window: what a sequence can still see.
      for (const [id, { signal }] of account.signals) if (signal.lastSeen < account.newest - this.settings.windowMs) account.signals.delete(id);
      const unstored: Numbered[] = [];
      for (const signal of firstCopies(own)) {
        const stored = account.signals.get(signal.id);
        if (stored) {
          if (earlierCopy(signal, stored.signal)) account.signals.set(signal.id, { seq, signal });
        } else if (account.signals.size < this.settings.maxSignalsPerAccount) account.signals.set(signal.id, { seq, signal });
        else unstored.push({ seq, signal });
      }
      result.set(accountId, viewsOf([...account.signals.values(), ...unstored], seq, MEMORY_EPOCH));
    }
    return result;
  }
}
