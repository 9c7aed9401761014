import type { Redis } from "ioredis";
import type { BaselineSettings } from "../detection/baselines/state/settings.js";
import type { WindowedRule } from "../detection/engine/types.js";
import type { SequenceSettings } from "../detection/sequences/settings.js";
import { RedisBaselineStore } from "./redis-baseline-store.js";
import { RedisSequenceStore } from "./redis-sequence-store.js";
import { RedisWindowStore } from "./redis-window-store.js";

/** Detection state shared by every worker of one install, beside its queues under the install's prefix. */
export function detectionStateStores(redis: Redis, queuePrefix: string, windowedRules: readonly WindowedRule[], baselines: BaselineSettings, sequences: SequenceSettings) {
  return {
    windows: new RedisWindowStore(redis, windowedRules, { prefix: `${queuePrefix}:windows:` }),
    baselineStore: new RedisBaselineStore(redis, baselines, `${queuePrefix}:baseline:`),
    sequences: new RedisSequenceStore(redis, sequences, { prefix: `${queuePrefix}:sequences:` }),
  };
}
