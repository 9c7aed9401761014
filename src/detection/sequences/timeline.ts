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
  const entries: string[] = [];
  let lastDay = "";
  for (const signal of signals) {
    const today = day(signal.firstSeen);
    entries.push(`${today === lastDay ? "" : `${today} `}${clock(signal.firstSeen)} ${signal.summary}`);
    lastDay = today;
  }
  const text = `${lead}: ${entries.join("; ")}.`;
  if (text.length <= MAX_DESCRIPTION || entries.length === 1) return text.slice(0, MAX_DESCRIPTION);
  // Keep the beginning of the story and say how much is left out: the most entries that fit, found
  // by adding up lengths (a story can hold thousands of signals; rebuilding the text per guess was quadratic).
  const ending = (left: number) => `; … and ${left} more.`;
  const lengths = [lead.length + 2];
  for (const entry of entries) lengths.push(lengths[lengths.length - 1] + entry.length + 2);
  let kept = entries.length - 1;
  // lengths[kept] counts "; " after each of the first `kept` entries; the ending brings its own.
  while (kept > 1 && lengths[kept] - 2 + ending(entries.length - kept).length > MAX_DESCRIPTION) kept--;
  return `${lead}: ${entries.slice(0, kept).join("; ")}${ending(entries.length - kept)}`.slice(0, MAX_DESCRIPTION);
}
