/**
 * One entity's baseline (an identity, an account, an instance role, an instance) as a flat hash of
 * text fields, the same in memory and in Redis, so both stores share one reader and the Redis script
 * mirrors one writer:
 *
 *   _first, _last             event times (ms) the entity was first and last observed
 *   v|<dim>|<value>           "first,last,days,lastDay": when the value was first/last seen, on how many days
 *   n|<dim>                   number of values kept for the dimension (the cap applies to it)
 *   s|<dim>                   "1" once the dimension filled up with fresh values (it then proves nothing)
 *   h|<bucket>, h|total       log2 histogram of bytes sent to one host within one hour (instances)
 *
 * Times are event times, never wall-clock: a backfill learns exactly what live ingestion would.
 */
import { DAY_MS, type BaselineSettings, type Dimension } from "./settings.js";

export type ValueStats = { first: number; last: number; days: number };

/** What one batch teaches about one value: its earliest and latest sighting and the days it was seen on. */
export type ValueUpdate = { first: number; last: number; days: number[] };

export type VolumeUpdate = { host: string; hour: number; bytes: number };

export type EntityUpdate = {
  key: string;
  first: number;
  last: number;
  values: Array<[dimension: Dimension, value: string, update: ValueUpdate]>;
  volume: VolumeUpdate[];
};

export const HISTOGRAM_BUCKETS = 48;

/** floor(log2(bytes)) by halving, which is exact in floating point (the Redis script does the same). */
export function volumeBucket(bytes: number): number {
  let bucket = 0;
  for (let rest = bytes; rest >= 2 && bucket < HISTOGRAM_BUCKETS - 1; rest /= 2) bucket++;
  return bucket;
}

export function dayOf(time: number): number {
  return Math.floor(time / DAY_MS);
}

export function hourOf(time: number): number {
  return Math.floor(time / 3_600_000);
}

/** A read-only view of an entity's hash. */
export class EntityProfile {
  private constructor(
    readonly first: number,
    readonly last: number,
    private readonly fields: ReadonlyMap<string, string>,
  ) {}

  static fromFields(fields: ReadonlyMap<string, string>): EntityProfile | undefined {
    const first = fields.get("_first");
    if (first === undefined) return undefined;
    return new EntityProfile(Number(first), Number(fields.get("_last") ?? first), fields);
  }

  /** Ready once it has been observed for the learning period, measured up to `time`. */
  readyAt(time: number, settings: BaselineSettings): boolean {
    return this.first <= time - settings.learningPeriodMs;
  }

  value(dimension: Dimension, value: string): ValueStats | undefined {
    const raw = this.fields.get(`v|${dimension}|${value}`);
    if (raw === undefined) return undefined;
    const [first, last, days] = raw.split(",").map(Number);
    return { first, last, days };
  }

  /** Seen before `time`: retried batches re-decide identically even after they were learned. */
  seenBefore(dimension: Dimension, value: string, time: number): boolean {
    const stats = this.value(dimension, value);
    return stats !== undefined && stats.first < time;
  }

  saturated(dimension: Dimension): boolean {
    return this.fields.has(`s|${dimension}`);
  }

  values(dimension: Dimension): Array<[string, ValueStats]> {
    const prefix = `v|${dimension}|`;
    const out: Array<[string, ValueStats]> = [];
    for (const field of this.fields.keys()) {
      if (field.startsWith(prefix)) out.push([field.slice(prefix.length), this.value(dimension, field.slice(prefix.length))!]);
    }
    return out;
  }

  histogram(): { buckets: number[]; total: number } {
    const buckets = Array.from({ length: HISTOGRAM_BUCKETS }, (_, b) => Number(this.fields.get(`h|${b}`) ?? 0));
    return { buckets, total: Number(this.fields.get("h|total") ?? 0) };
  }
}

function parseStats(raw: string): [first: number, last: number, days: number, lastDay: number] {
  const [first, last, days, lastDay] = raw.split(",").map(Number);
  return [first, last, days, lastDay];
}

/**
 * Folds one entity's update into its hash: the reference the Redis script (redis-store.ts) mirrors
 * step for step. `now` is the latest event time of the batch, for ageing out values.
 */
export function applyEntityUpdate(fields: Map<string, string>, update: EntityUpdate, settings: BaselineSettings, now: number): void {
  const first = fields.get("_first");
  fields.set("_first", String(first === undefined ? update.first : Math.min(Number(first), update.first)));
  fields.set("_last", String(Math.max(Number(fields.get("_last") ?? update.last), update.last)));
  for (const [dimension, value, change] of update.values) applyValue(fields, dimension, value, change, settings, now);
}

function applyValue(fields: Map<string, string>, dimension: Dimension, value: string, change: ValueUpdate, settings: BaselineSettings, now: number): void {
  const field = `v|${dimension}|${value}`;
  const current = fields.get(field);
  if (current !== undefined) {
    let [first, last, days, lastDay] = parseStats(current);
    for (const day of change.days) {
      if (day > lastDay) {
        days++;
        lastDay = day;
      }
    }
    fields.set(field, `${Math.min(first, change.first)},${Math.max(last, change.last)},${days},${lastDay}`);
    return;
  }
  const countField = `n|${dimension}`;
  let count = Number(fields.get(countField) ?? 0);
  if (count >= settings.caps[dimension]) {
    count -= ageOut(fields, dimension, now - settings.retentionMs);
    fields.set(countField, String(count));
    if (count >= settings.caps[dimension]) {
      fields.set(`s|${dimension}`, "1");
      return;
    }
    fields.delete(`s|${dimension}`);
  }
  fields.set(field, `${change.first},${change.last},${change.days.length},${Math.max(...change.days)}`);
  fields.set(countField, String(count + 1));
}

/** Removes the dimension's values last seen before `cutoff`; returns how many went. */
function ageOut(fields: Map<string, string>, dimension: Dimension, cutoff: number): number {
  const prefix = `v|${dimension}|`;
  let removed = 0;
  for (const [field, raw] of fields) {
    if (field.startsWith(prefix) && parseStats(raw)[1] < cutoff) {
      fields.delete(field);
      removed++;
    }
  }
  return removed;
}

/** Moves one (host, hour) sample from the bucket of its old total to the bucket of its new one. */
export function applyVolume(fields: Map<string, string>, previousTotal: number, newTotal: number, settings: BaselineSettings): void {
  const bump = (bucket: number, by: number) => fields.set(`h|${bucket}`, String(Number(fields.get(`h|${bucket}`) ?? 0) + by));
  let total = Number(fields.get("h|total") ?? 0);
  // The old sample may have been halved away since; then the new total counts as a new sample.
  if (previousTotal > 0 && Number(fields.get(`h|${volumeBucket(previousTotal)}`) ?? 0) > 0) bump(volumeBucket(previousTotal), -1);
  else total++;
  bump(volumeBucket(newTotal), 1);
  if (total > settings.volumeHistogramCap) {
    total = 0;
    for (let b = 0; b < HISTOGRAM_BUCKETS; b++) {
      const halved = Math.floor(Number(fields.get(`h|${b}`) ?? 0) / 2);
      if (halved > 0) fields.set(`h|${b}`, String(halved));
      else fields.delete(`h|${b}`);
      total += halved;
    }
  }
  fields.set("h|total", String(total));
}
