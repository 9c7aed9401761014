/**
 * Re-timing and re-accounting of CloudTrail records, so detonations captured in many throw-away
 * accounts on many days can be replayed as one account's day (the shape of the capture the judge
 * measures on). Pure: records in, new records out.
 */
import { isoTime } from "./stratus-baselines.js";
import type { RawRecord } from "./records.js";

export const DAY_MS = 86_400_000;

const timeOf = (record: RawRecord) => Date.parse(record.eventTime as string);

/**
 * The record moved to `account`: every whole occurrence of the account that logged it
 * (recipientAccountId: in ARNs, identities, resources) is rewritten, so the record stays consistent;
 * other accounts it names (an outside account a snapshot is shared with) are left as they are.
 */
export function reaccount(record: RawRecord, account: string): RawRecord {
  const own = record.recipientAccountId;
  if (typeof own !== "string" || !/^\d{12}$/.test(own) || own === account) return record;
  return JSON.parse(JSON.stringify(record).replace(new RegExp(`(?<!\\d)${own}(?!\\d)`, "g"), account)) as RawRecord;
}

/** The records shifted together so the earliest happens at `start` (their relative timing kept). */
export function retime(records: readonly RawRecord[], start: number): RawRecord[] {
  const earliest = Math.min(...records.map(timeOf));
  return records.map((record) => ({ ...record, eventTime: isoTime(start + timeOf(record) - earliest) }));
}

/** Group i of n starts at the beginning of the i-th of n equal slots of the day starting at `dayStart`. */
export function spreadGroups(groups: readonly RawRecord[][], dayStart: number): RawRecord[][] {
  return groups.map((records, i) => retime(records, dayStart + Math.floor((i * DAY_MS) / groups.length)));
}

/** Single records evenly over the day (in the order given), each under a fresh id `${idPrefix}-${i}`. */
export function spreadRecords(records: readonly RawRecord[], dayStart: number, idPrefix: string): RawRecord[] {
  return records.map((record, i) => ({ ...record, eventID: `${idPrefix}-${i}`, eventTime: isoTime(dayStart + Math.floor(((i + 0.5) * DAY_MS) / records.length)) }));
}

/** Records in time order cut into log objects of `size` (the last may be smaller), like CloudTrail delivery. */
export function cutIntoObjects(records: readonly RawRecord[], size: number): RawRecord[][] {
  const sorted = [...records].sort((a, b) => timeOf(a) - timeOf(b));
  const objects: RawRecord[][] = [];
  for (let i = 0; i < sorted.length; i += size) objects.push(sorted.slice(i, i + size));
  return objects;
}
