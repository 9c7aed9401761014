/**
 * Where an account's signals live between batches: Redis in the pipeline (src/state/), memory in
 * `vigil scan`. A batch is stored as one contribution ("<log object>#<batch index>", contributionId):
 * contributions are numbered when first stored, and a batch sees the signals of every contribution
 * numbered up to its own — so a retried batch sees and decides what its first run did, adds nothing
 * twice, and two workers see one story.
 */
import { DEFAULT_SEQUENCE_SETTINGS, type SequenceSettings } from "./settings.js";
import type { Signal } from "./signal.js";
import type { SignalMap } from "./state.js";

export type AccountSignals = {
  /** Signals stored before this batch (contributions numbered before its own). */
  before: SignalMap;
  /** The same plus this batch's. */
  merged: SignalMap;
};

export interface SequenceStore {
  merge(signals: readonly Signal[], contribution: string): Promise<Map<string, AccountSignals>>;
}

type Numbered = { seq: number; signal: Signal };

/** Folds numbered signals into the two views of one contribution numbered `own`. */
export function viewsOf(stored: Iterable<Numbered>, own: number): AccountSignals {
  const before: SignalMap = {};
  const merged: SignalMap = {};
  for (const { seq, signal } of stored) {
    if (seq > own) continue;
    merged[signal.id] = signal;
    if (seq < own) before[signal.id] = signal;
  }
  return { before, merged };
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

/** One process's store (`vigil scan`, tests): the same numbering, window and cap as Redis, without expiry. */
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
      for (const signal of own) {
        if (account.signals.has(signal.id)) continue;
        if (account.signals.size < this.settings.maxSignalsPerAccount) account.signals.set(signal.id, { seq, signal });
        else unstored.push({ seq, signal });
      }
      result.set(accountId, viewsOf([...account.signals.values(), ...unstored], seq));
    }
    return result;
  }
}
