/**
 * The sequence's description: what the actor did, in order, as an analyst reads it —
 * "12:01 enumerated 47 APIs in 3 services; 12:05 read 9 secrets; 12:08 created access key for user x".
 * Times are UTC; a date is written when the story crosses into another day.
 */
import type { Signal } from "./signal.js";

/** GuardDuty caps a sequence's description at 4,096 characters. */
export const MAX_DESCRIPTION = 4096;

function clock(time: number): string {
  return new Date(time).toISOString().slice(11, 16);
}

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export function timeline(signals: readonly Signal[], lead: string): string {
  // lengths[k]: the text up to and with "; " after the first k entries. Entries past the point where
  // the text is longer than the cap are not written: a story can hold thousands of signals, and only
  // the first few dozen fit (rebuilding the text per guess was quadratic; writing every entry, linear waste).
  const entries: string[] = [];
  const lengths = [lead.length + 2];
  let lastDay = "";
  for (const signal of signals) {
    if (lengths[entries.length] - 2 > MAX_DESCRIPTION) break;
    const today = day(signal.firstSeen);
    const entry = `${today === lastDay ? "" : `${today} `}${clock(signal.firstSeen)} ${signal.summary}`;
    entries.push(entry);
    lengths.push(lengths[lengths.length - 1] + entry.length + 2);
    lastDay = today;
  }
  if (entries.length === signals.length) {
    const text = `${lead}: ${entries.join("; ")}.`;
    if (text.length <= MAX_DESCRIPTION || entries.length === 1) return text.slice(0, MAX_DESCRIPTION);
  }
  // Keep the beginning of the story and say how much is left out: the most entries that fit.
  const ending = (left: number) => `; … and ${left} more.`;
  let kept = Math.max(1, Math.min(signals.length - 1, entries.length));
  // lengths[kept] counts "; " after each of the first `kept` entries; the ending brings its own.
  while (kept > 1 && lengths[kept] - 2 + ending(signals.length - kept).length > MAX_DESCRIPTION) kept--;
  return `${lead}: ${entries.slice(0, kept).join("; ")}${ending(signals.length - kept)}`.slice(0, MAX_DESCRIPTION);
}
