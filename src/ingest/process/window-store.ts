import type { Redis } from "ioredis";
import type { WindowPartials } from "../../detection/engine/engine.js";
import type { WindowedRule } from "../../detection/engine/types.js";

/** Windows of one log object: merges each batch's partials with what every object contributed to the same windows. */
export interface ObjectWindows {
  merge(batch: WindowPartials): Promise<WindowPartials>;
}

export interface WindowStore {
  forObject(rules: readonly WindowedRule[], contributor: string): ObjectWindows;
}

/** Late objects still find their window: kept this long after the window ends. */
const LATENESS_MS = 60 * 60_000;

/**
 * Windowed rules' state in Redis, shared by every worker. A window is a hash with one field per log
 * object: that object's own partial, rewritten whole after each batch. A retried object therefore
 * replaces its contribution instead of adding it again, and a window's value is the merge of its
 * fields — the same whichever worker, and however often, an object was read.
 */
export class RedisWindowStore implements WindowStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  forObject(rules: readonly WindowedRule[], contributor: string): ObjectWindows {
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    const own = new Map<string, Map<string, unknown>>();
    return {
      merge: async (batch) => {
        const touched: Array<{ rule: WindowedRule; key: string; partial: unknown }> = [];
        for (const [ruleId, partials] of batch) {
          const rule = byId.get(ruleId);
          if (!rule) continue;
          let mine = own.get(ruleId);
          if (!mine) own.set(ruleId, (mine = new Map()));
          for (const [key, partial] of partials) {
            const previous = mine.get(key);
            const value = previous === undefined ? partial : rule.merge(previous, partial);
            mine.set(key, value);
            touched.push({ rule, key, partial: value });
          }
        }
        const merged: WindowPartials = new Map();
        if (touched.length === 0) return merged;
        const pipeline = this.redis.pipeline();
        for (const { rule, key, partial } of touched) {
          const redisKey = `${this.prefix}${rule.id}:${key}`;
          pipeline.hset(redisKey, contributor, JSON.stringify(partial));
          pipeline.pexpire(redisKey, rule.windowMs + LATENESS_MS);
          pipeline.hgetall(redisKey);
        }
        const replies = (await pipeline.exec()) ?? [];
        touched.forEach(({ rule, key }, i) => {
          const [error, fields] = replies[i * 3 + 2] ?? [new Error("no reply")];
          if (error) throw error;
          const values = Object.values(fields as Record<string, string>).map((text) => JSON.parse(text) as unknown);
          let rulePartials = merged.get(rule.id);
          if (!rulePartials) merged.set(rule.id, (rulePartials = new Map()));
          rulePartials.set(key, values.reduce((a, b) => rule.merge(a, b)));
        });
        return merged;
      },
    };
  }
}
