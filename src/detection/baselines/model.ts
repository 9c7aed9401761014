/**
 * The contract of a baseline model. Per batch a model `observe`s each event: it records what the
 * batch teaches (learning), which stored baselines it needs (reads) and the facts it will decide on.
 * After the store has answered the reads, `decide` judges each fact against the snapshot taken
 * before this batch was learned. Both steps are pure; all I/O is the store's.
 */
import type { DetectionContext, Emit, FindingCandidate, FindingTypeMeta } from "../engine/types.js";
import type { VigilEvent } from "../events.js";
import { dayOf, type EntityUpdate, type ValueUpdate } from "./state/profile.js";
import type { BaselineSettings, Dimension } from "./state/settings.js";
import type { BaselineReads, BaselineSnapshot, HourlyRead } from "./state/store.js";

export type BaselineContext = DetectionContext & { baseline: BaselineSettings };

export type BaselineModel<F = unknown> = {
  id: string;
  findingTypes: readonly FindingTypeMeta[];
  observe(event: VigilEvent, context: BaselineContext, batch: BatchBuilder<F>): void;
  /** Judges one fact against the baselines as they were before this batch. */
  decide?(fact: F, snapshot: BaselineSnapshot, context: BaselineContext, emit: Emit): void;
  /** For models that qualify the rules' candidates instead of raising their own: keep or drop each. */
  review?(candidates: FindingCandidate[], facts: readonly F[], snapshot: BaselineSnapshot, context: BaselineContext): FindingCandidate[];
};

type PendingEntity = { first: number; last: number; values: Map<string, [Dimension, string, ValueUpdate]>; volume: Map<string, { host: string; hour: number; bytes: number }> };

/** What one model gathers from one batch. */
export class BatchBuilder<F> {
  readonly facts: F[] = [];
  private readonly entities = new Map<string, PendingEntity>();
  private readonly reads = new Set<string>();
  private readonly hourlyReads = new Map<string, HourlyRead>();

  fact(fact: F): void {
    this.facts.push(fact);
  }

  /** The decision needs this entity's stored baseline. */
  read(entity: string): void {
    this.reads.add(entity);
  }

  readHourly(entity: string, host: string, hour: number): void {
    this.hourlyReads.set(`${entity}|${hour}|${host}`, { entity, host, hour });
  }

  private entity(key: string, time: number): PendingEntity {
    let pending = this.entities.get(key);
    if (!pending) this.entities.set(key, (pending = { first: time, last: time, values: new Map(), volume: new Map() }));
    pending.first = Math.min(pending.first, time);
    pending.last = Math.max(pending.last, time);
    return pending;
  }

  /** The entity was active at `time` (its learning period runs from its first activity). */
  saw(key: string, time: number): void {
    this.entity(key, time);
  }

  learn(key: string, time: number, dimension: Dimension, value: string): void {
    const pending = this.entity(key, time);
    const id = `${dimension}|${value}`;
    const day = dayOf(time);
    const known = pending.values.get(id);
    if (!known) {
      pending.values.set(id, [dimension, value, { first: time, last: time, days: [day] }]);
      return;
    }
    const update = known[2];
    update.first = Math.min(update.first, time);
    update.last = Math.max(update.last, time);
    if (!update.days.includes(day)) update.days.push(day);
  }

  learnVolume(key: string, time: number, host: string, hour: number, bytes: number): void {
    const pending = this.entity(key, time);
    const id = `${hour}|${host}`;
    const known = pending.volume.get(id);
    if (known) known.bytes += bytes;
    else pending.volume.set(id, { host, hour, bytes });
  }

  readsNeeded(): BaselineReads {
    return { entities: [...this.reads], hourly: [...this.hourlyReads.values()] };
  }

  updates(): EntityUpdate[] {
    return [...this.entities].map(([key, pending]) => ({
      key,
      first: pending.first,
      last: pending.last,
      values: [...pending.values.values()].map(([dimension, value, update]) => [dimension, value, { ...update, days: [...update.days].sort((a, b) => a - b) }]),
      volume: [...pending.volume.values()],
    }));
  }

  /** Pending volume of this batch for (entity, host, hour), to add to the stored total. */
  batchVolume(key: string, host: string, hour: number): number {
    return this.entities.get(key)?.volume.get(`${hour}|${host}`)?.bytes ?? 0;
  }
}
