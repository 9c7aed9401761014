import { Redis } from "ioredis";
import { durabilityWarnings, redisDurability } from "../../src/queues/redis-settings";
import { TEST_REDIS_URL } from "../support/env";

describe("Redis durability check at start", () => {
  it("reads the server's maxmemory-policy and appendonly, and cannot when Redis does not answer CONFIG", async () => {
    const live = new Redis(TEST_REDIS_URL);
    // Never connected and no offline queue: every command fails at once, as a refused CONFIG does.
    const dead = new Redis("redis://127.0.0.1:1", { lazyConnect: true, enableOfflineQueue: false });
    try {
      const [, policy] = (await live.config("GET", "maxmemory-policy")) as string[];
      const [, appendonly] = (await live.config("GET", "appendonly")) as string[];
      expect(await redisDurability(live)).toEqual({ maxmemoryPolicy: policy, appendonly });
      expect(await redisDurability(dead)).toEqual({ maxmemoryPolicy: null, appendonly: null });
    } finally {
      dead.disconnect();
      await live.quit();
    }
  });

  it("warns about a policy that may evict keys without expiry, about persistence off, and about settings it could not check", () => {
    expect(durabilityWarnings({ maxmemoryPolicy: "noeviction", appendonly: "yes" })).toEqual([]);
    expect(durabilityWarnings({ maxmemoryPolicy: "volatile-lru", appendonly: "yes" })).toEqual([]);
    const [evicting] = durabilityWarnings({ maxmemoryPolicy: "allkeys-lru", appendonly: "yes" });
    expect(evicting).toMatch(/maxmemory-policy is allkeys-lru: .*Set maxmemory-policy noeviction/);
    const both = durabilityWarnings({ maxmemoryPolicy: "allkeys-random", appendonly: "no" });
    expect(both).toHaveLength(2);
    expect(both[1]).toMatch(/appendonly is no: .*Set appendonly yes/);
    expect(durabilityWarnings({ maxmemoryPolicy: null, appendonly: null })).toEqual([expect.stringMatching(/Could not check/)]);
  });
});
