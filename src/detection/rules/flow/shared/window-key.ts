/**
 * Window keys of the flow rules: "<window start>|<account>|<subject>|…". The account comes second
 * because the Redis window store groups a batch's keys by it (state/window-store.ts).
 */
import { windowStart } from "../../../engine/windows.js";

export function windowKeyOf(time: number, windowMs: number, accountId: string, ...parts: string[]): string {
  return [windowStart(time, windowMs), accountId, ...parts].join("|");
}
