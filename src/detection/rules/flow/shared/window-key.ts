/**
 * Window keys of the flow rules: "<window start>|<account>|<subject>|…". The account comes second
 * because the Redis window store groups a batch's keys by it (state/window-store.ts).
 */
import { windowStart } from "../../../engine/windows.js";

// Records of a log share their window and account for minutes on end: per window length, the last
// prefix is reused instead of writing the window start out again for every record.
const prefixes = new Map<number, { start: number; accountId: string; prefix: string }>();

/** `rest` is the key after the account, its parts already joined with "|" (built once per record, in the hot path). */
export function windowKeyOf(time: number, windowMs: number, accountId: string, rest: string): string {
  const start = windowStart(time, windowMs);
  let last = prefixes.get(windowMs);
  if (last === undefined) prefixes.set(windowMs, (last = { start: NaN, accountId: "", prefix: "" }));
  if (start !== last.start || accountId !== last.accountId) {
    last.prefix = `${start}|${accountId}|`;
    last.start = start;
    last.accountId = accountId;
  }
  return last.prefix + rest;
}
