import { randomBytes } from "node:crypto";

/** 32 lower-case hex characters, the shape of GuardDuty's detector and invitation ids. */
export function newGuardDutyStyleId(): string {
  return randomBytes(16).toString("hex");
}

export const GUARDDUTY_STYLE_ID = /^[0-9a-f]{32}$/;

/** A row id PostgreSQL generates (api keys, log sources); anything else names no row, so it is not looked up. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
