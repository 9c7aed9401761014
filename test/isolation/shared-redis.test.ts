import { Redis } from "ioredis";
import type { WindowedRule } from "../../src/detection/engine/types";
import { baselineSettings } from "../../src/detection/baselines/state/settings";
import { sequenceSettings } from "../../src/detection/sequences/settings";
import { createRedisPubSub, type RunningPubSub } from "../../src/realtime/pubsub";
import type { FindingsUpsertedEvent } from "../../src/realtime/topics";
import { detectionStateStores } from "../../src/state/detection-state";
import { TEST_REDIS_URL } from "../support/env";
import { freshQueuePrefix } from "../support/queues";

// Two installs (staging and production, say) on one Redis: each has its own VIGIL_QUEUE_PREFIX.
const installA = freshQueuePrefix();
const installB = freshQueuePrefix();

// Counts contributions per window key; enough to see whose state a merge reads.
const counting: WindowedRule = {
  id: "isolation-count",
  kind: "flow",
  findingTypes: [],
  windowMs: 60_000,
  accumulate: () => undefined,
  merge: (a, b) => (a as number) + (b as number),
  decide: () => undefined,
};

async function keysOf(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== "0");
  return found;
}

describe("two installs sharing one Redis", () => {
  let redis: Redis;
  let a: RunningPubSub;
  let b: RunningPubSub;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
    a = createRedisPubSub(TEST_REDIS_URL, installA.queuePrefix);
    b = createRedisPubSub(TEST_REDIS_URL, installB.queuePrefix);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close(), installA.cleanup(), installB.cleanup()]);
    await redis.quit();
  });

  it("delivers a finding event published under one prefix only to that install's subscribers", async () => {
    const received = { a: [] as FindingsUpsertedEvent[], b: [] as FindingsUpsertedEvent[] };
    const listenerA = a.pubSub.subscribe("FINDINGS_UPSERTED");
    const listenerB = b.pubSub.subscribe("FINDINGS_UPSERTED");
    const collect = async (iterator: AsyncIterable<FindingsUpsertedEvent>, into: FindingsUpsertedEvent[]) => {
      for await (const event of iterator) into.push(event);
    };
    const done = Promise.all([collect(listenerA, received.a), collect(listenerB, received.b)]);
    // Let both SUBSCRIBE commands reach Redis before publishing.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const event: FindingsUpsertedEvent = { detectorId: "d".repeat(32), findings: [{ id: "f1", accountId: "111122223333", created: true }] };
    a.pubSub.publish("FINDINGS_UPSERTED", event);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await Promise.all([listenerA.return(undefined), listenerB.return(undefined)]);
    await done;
    expect(received.a).toEqual([event]);
    expect(received.b).toEqual([]);
  });

  it("keeps window state of one install invisible to the other, stored under its own prefix", async () => {
    const stateA = detectionStateStores(redis, installA.queuePrefix, [counting], baselineSettings(), sequenceSettings());
    const stateB = detectionStateStores(redis, installB.queuePrefix, [counting], baselineSettings(), sequenceSettings());
    const windowKey = "1700000040000|111122223333|198.51.100.7";
    const batch = (count: number) => new Map([[counting.id, new Map<string, unknown>([[windowKey, count]])]]);

    await stateA.windows.merge(batch(5), "a-object#0");
    const seenByB = await stateB.windows.merge(batch(1), "b-object#0");
    const seenByA = await stateA.windows.merge(batch(1), "a-object#1");

    expect(seenByB.merged.get(counting.id)?.get(windowKey)).toBe(1);
    expect(seenByA.merged.get(counting.id)?.get(windowKey)).toBe(6);
    const keysA = await keysOf(redis, `${installA.queuePrefix}:`);
    const keysB = await keysOf(redis, `${installB.queuePrefix}:`);
    expect(keysA.length).toBeGreaterThan(0);
    expect(keysB.length).toBeGreaterThan(0);
  });
});
