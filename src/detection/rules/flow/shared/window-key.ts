/**
 * Window keys of the flow rules: "<window start>|<account>|<subject>|…". The account comes second
 * because the Redis window store groups a batch's keys by it (state/window-store.ts).
 */
import { windowStart } from "../../../engine/windows.js";

/** `rest` is the key after the account, its parts already joined with "|" (built once per record, in the hot path). */
export function windowKeyOf(time: number, windowMs: number, accountId: string, rest: string): string {
  return `${windowStart(time, windowMs)}|${accountId}|${rest}`;
}
