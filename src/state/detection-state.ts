import type { Redis } from "ioredis";
import type { BaselineSettings } from "../detection/baselines/state/settings.js";
import type { WindowedRule } from "../detection/engine/types.js";
import type { SequenceSettings } from "../detection/sequences/settings.js";
import { RedisBaselineStore } from "./redis-baseline-store.js";
import { RedisSequenceStore } from "./redis-sequence-store.js";
import { RedisWindowStore } from "./redis-window-store.js";

/** Detection state shared by every worker of one install, beside its queues under the install's prefix. */
export function detectionStateStores(redis: Redis, queuePrefix: string, windowedRules: readonly WindowedRule[], baselines: BaselineSettings, sequences: SequenceSettings) {
  const windowsFor = (rules: readonly WindowedRule[]) => new RedisWindowStore(redis, rules, { prefix: `${queuePrefix}:windows:` });
  return {
    windows: windowsFor(windowedRules),
    /** The same store for a rule set with a detector's custom rules added (their ids never clash with the managed ones). */
    windowsFor,
    baselineStore: new RedisBaselineStore(redis, baselines, `${queuePrefix}:baseline:`),
    sequences: new RedisSequenceStore(redis, sequences, { prefix: `${queuePrefix}:sequences:` }),
  };
}
