/**
 * GuardDuty's usual-frequency buckets (reference §8): frequent (daily to weekly), infrequent (a few
 * times a month), rare (less than monthly), unseen. A value's bucket is the share of the entity's
 * observed days on which the value was seen.
 */
import type { ProfileSubtype } from "./anomaly.js";
import { dayOf, type EntityProfile, type ValueStats } from "./state/profile.js";
import type { Dimension } from "./state/settings.js";

const WEEKLY = 1 / 7;
const FEW_TIMES_A_MONTH = 2 / 30;

export function frequencyOf(stats: ValueStats | undefined, profile: EntityProfile): ProfileSubtype {
  if (!stats) return "UNSEEN";
  const observedDays = Math.max(1, dayOf(profile.last) - dayOf(profile.first) + 1);
  const share = stats.days / observedDays;
  if (share >= WEEKLY) return "FREQUENT";
  if (share >= FEW_TIMES_A_MONTH) return "INFREQUENT";
  return "RARE";
}

/** Values seen before `time`, most days first: what the baseline held when the event happened. */
function valuesBefore(profile: EntityProfile, dimension: Dimension, time: number): Array<[string, ValueStats]> {
  return profile
    .values(dimension)
    .filter(([, stats]) => stats.first < time)
    .sort((a, b) => b[1].days - a[1].days || a[0].localeCompare(b[0]));
}

/** The usual values of a dimension by bucket, the most frequent first, at most `limit` per bucket. */
export function usualValues(profile: EntityProfile, dimension: Dimension, time: number, limit = 10): Partial<Record<ProfileSubtype, string[]>> {
  const groups: Partial<Record<ProfileSubtype, Array<[string, ValueStats]>>> = {};
  for (const entry of valuesBefore(profile, dimension, time)) (groups[frequencyOf(entry[1], profile)] ??= []).push(entry);
  const out: Partial<Record<ProfileSubtype, string[]>> = {};
  for (const [subtype, entries] of Object.entries(groups) as Array<[ProfileSubtype, Array<[string, ValueStats]>]>) {
    out[subtype] = entries.slice(0, limit).map(([value]) => value);
  }
  return out;
}

/** "A, B, C and 4 more" — the most frequent values, for a sentence. */
export function usualSummary(profile: EntityProfile, dimension: Dimension, time: number, shown = 3): string {
  const all = valuesBefore(profile, dimension, time);
  if (all.length === 0) return "none";
  const names = all.slice(0, shown).map(([value]) => value);
  return all.length > shown ? `${names.join(", ")} and ${all.length - shown} more` : names.join(", ");
}

/** Whole days from the entity's first activity to `time`, for "the N-day baseline". */
export function baselineDays(profile: EntityProfile, time: number): number {
  return Math.max(1, Math.round((time - profile.first) / 86_400_000));
}
