/**
 * An account's signals as a store keeps them: a JSON map by signal id. Merging is a union by id, so
 * a retried batch, whose signals carry the same ids, adds nothing; the result does not depend on the
 * order batches arrive in. Old signals fall out of the window of the newest one, then out of the map.
 */
import type { Signal } from "./signal.js";
import type { SequenceSettings } from "./settings.js";

export type SignalMap = Record<string, Signal>;

/** When the same signal comes twice it is the same batch read again: the first copy stays. */
export function mergeSignals(a: SignalMap, b: SignalMap): SignalMap {
  const merged: SignalMap = { ...a };
  for (const [id, signal] of Object.entries(b)) if (!(id in merged)) merged[id] = signal;
  return merged;
}

export function toSignalMap(signals: readonly Signal[]): SignalMap {
  const map: SignalMap = {};
  for (const signal of signals) if (!(signal.id in map)) map[signal.id] = signal;
  return map;
}

/** Signals within the window before the newest one, newest kept when there are too many. */
export function pruneSignals(signals: SignalMap, settings: SequenceSettings): SignalMap {
  const all = Object.values(signals);
  let newest = Number.NEGATIVE_INFINITY;
  for (const signal of all) if (signal.lastSeen > newest) newest = signal.lastSeen;
  const inWindow = all.filter((signal) => signal.lastSeen >= newest - settings.windowMs);
  if (inWindow.length <= settings.maxSignalsPerAccount) return inWindow.length === all.length ? signals : toSignalMap(inWindow);
  // Sorting thousands of signals is the cost of a full account, so only a map over the cap pays it.
  const kept = inWindow.sort((a, b) => b.lastSeen - a.lastSeen || a.id.localeCompare(b.id)).slice(0, settings.maxSignalsPerAccount);
  return toSignalMap(kept);
}
