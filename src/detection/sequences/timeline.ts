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
  let text = `${lead}: ${entries.join("; ")}.`;
  if (text.length <= MAX_DESCRIPTION) return text;
  // Keep the beginning of the story and say how much is left out.
  let kept = entries.length;
  while (kept > 1 && text.length > MAX_DESCRIPTION) {
    kept--;
    text = `${lead}: ${entries.slice(0, kept).join("; ")}; … and ${entries.length - kept} more.`;
  }
  return text.slice(0, MAX_DESCRIPTION);
}
