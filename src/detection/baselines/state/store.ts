/**
 * Where baselines live between batches. The pipeline reads the baselines of the entities a batch
 * touches (one round trip), decides, then learns the batch (one round trip). Learning is idempotent
 * per learn id (log object + batch number): a retried object teaches nothing twice.
 */
import { applyEntityUpdate, applyVolume, EntityProfile, type EntityUpdate } from "./profile.js";
import type { BaselineSettings } from "./settings.js";

/** An entity's key: "<account>|<kind>|<id>". The account comes first so stores can shard by it. */
export function entityKey(account: string, kind: EntityKind, id: string): string {
  return `${account}|${kind}|${id}`;
}

export function accountOfKey(key: string): string {
  return key.slice(0, key.indexOf("|"));
}

export type EntityKind = "principal" | "account" | "instance-role" | "instance";

export type HourlyRead = { entity: string; host: string; hour: number };

export type BaselineReads = { entities: string[]; hourly: HourlyRead[] };

export type BaselineSnapshot = {
  profile(entity: string): EntityProfile | undefined;
  /** Bytes already counted for (entity, host, hour) before this batch. */
  hourlyTotal(entity: string, host: string, hour: number): number;
};

export interface BaselineStore {
  read(reads: BaselineReads): Promise<BaselineSnapshot>;
  /** Applies the updates unless `learnId` was learned before; true when it applied them. */
  learn(updates: readonly EntityUpdate[], learnId: string): Promise<boolean>;
}

export function hourlyKey(entity: string, host: string, hour: number): string {
  return `${entity}|${hour}|${host}`;
}

export function snapshotOf(profiles: Map<string, EntityProfile>, hourly: Map<string, number>): BaselineSnapshot {
  return {
    profile: (entity) => profiles.get(entity),
    hourlyTotal: (entity, host, hour) => hourly.get(hourlyKey(entity, host, hour)) ?? 0,
  };
}

/** Hours of per-host byte totals kept: the current hour and a late batch's previous ones. */
export const HOURLY_KEPT = 3;

/** The in-process store of `vigil scan` and tests: the same encoding and rules as the Redis store. */
export class MemoryBaselineStore implements BaselineStore {
  private readonly entities = new Map<string, Map<string, string>>();
  private readonly hourly = new Map<string, number>();
  private readonly learned = new Set<string>();
  private latestHour = 0;

  constructor(private readonly settings: BaselineSettings) {}

  async read(reads: BaselineReads): Promise<BaselineSnapshot> {
    const profiles = new Map<string, EntityProfile>();
    for (const key of reads.entities) {
      const fields = this.entities.get(key);
      const profile = fields && EntityProfile.fromFields(new Map(fields));
      if (profile) profiles.set(key, profile);
    }
    const hourly = new Map<string, number>();
    for (const read of reads.hourly) {
      const key = hourlyKey(read.entity, read.host, read.hour);
      const total = this.hourly.get(key);
      if (total !== undefined) hourly.set(key, total);
    }
    return snapshotOf(profiles, hourly);
  }

  async learn(updates: readonly EntityUpdate[], learnId: string): Promise<boolean> {
    if (updates.length === 0 || this.learned.has(learnId)) return false;
    this.learned.add(learnId);
    const now = Math.max(...updates.map((update) => update.last));
    for (const update of updates) {
      let fields = this.entities.get(update.key);
      if (!fields) this.entities.set(update.key, (fields = new Map()));
      applyEntityUpdate(fields, update, this.settings, now);
      for (const volume of update.volume) {
        const key = hourlyKey(update.key, volume.host, volume.hour);
        const previous = this.hourly.get(key) ?? 0;
        this.hourly.set(key, previous + volume.bytes);
        applyVolume(fields, previous, previous + volume.bytes, this.settings);
        if (volume.hour > this.latestHour) this.forgetHoursBefore((this.latestHour = volume.hour) - HOURLY_KEPT + 1);
      }
    }
    return true;
  }

  private forgetHoursBefore(oldestKept: number): void {
    for (const key of this.hourly.keys()) {
      if (Number(key.split("|")[3]) < oldestKept) this.hourly.delete(key);
    }
  }
}
