import { Redis } from "ioredis";
import type { WindowPartials } from "../../src/detection/engine/engine";
import type { WindowedRule } from "../../src/detection/engine/types";
import { RedisWindowStore } from "../../src/ingest/process/window-store";
import { freshQueuePrefix } from "../support/queues";

/** Counts events per key: merge is addition, so double counting would show. */
const counting: WindowedRule = {
  id: "count",
  kind: "flow",
  findingTypes: [],
  windowMs: 60_000,
  accumulate: () => undefined,
  merge: (a, b) => (a as number) + (b as number),
  decide: () => undefined,
};

const batch = (counts: Record<string, number>): WindowPartials => new Map([["count", new Map(Object.entries(counts))]]);
const values = (merged: WindowPartials) => Object.fromEntries(merged.get("count") ?? []);

describe("Redis window store", () => {
  const queues = freshQueuePrefix();
  const redis = new Redis(queues.redisUrl);
  const store = new RedisWindowStore(redis, `${queues.queuePrefix}:windows:`);
  afterAll(async () => {
    await queues.cleanup();
    await redis.quit();
  });

  it("merges windows across batches and objects, and a re-read object replaces its share instead of adding it", async () => {
    const first = store.forObject([counting], "object-a");
    expect(values(await first.merge(batch({ w1: 3 })))).toEqual({ w1: 3 });
    expect(values(await first.merge(batch({ w1: 2, w2: 1 })))).toEqual({ w1: 5, w2: 1 });

    const second = store.forObject([counting], "object-b");
    expect(values(await second.merge(batch({ w1: 10 })))).toEqual({ w1: 15 });

    // object-a read again from its start (a retry after a crash): its share is rewritten, not added.
    const retry = store.forObject([counting], "object-a");
    expect(values(await retry.merge(batch({ w1: 3 })))).toEqual({ w1: 13 });
    expect(values(await retry.merge(batch({ w1: 2, w2: 1 })))).toEqual({ w1: 15, w2: 1 });
  });

  it("expires a window after its width and the lateness allowed", async () => {
    await store.forObject([counting], "object-c").merge(batch({ w9: 1 }));
    const ttl = await redis.pttl(`${queues.queuePrefix}:windows:count:w9`);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(60_000 + 3_600_000);
  });
});
