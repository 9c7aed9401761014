import { Redis } from "ioredis";
import { evictionWarning, redisEvictionPolicy } from "../../src/queues/redis-eviction";
import { TEST_REDIS_URL } from "../support/env";

describe("Redis eviction policy check at start", () => {
  it("reads the server's maxmemory-policy, and cannot when Redis does not answer CONFIG", async () => {
    const live = new Redis(TEST_REDIS_URL);
    // Never connected and no offline queue: every command fails at once, as a refused CONFIG does.
    const dead = new Redis("redis://127.0.0.1:1", { lazyConnect: true, enableOfflineQueue: false });
    try {
      const [, expected] = (await live.config("GET", "maxmemory-policy")) as string[];
      expect(await redisEvictionPolicy(live)).toBe(expected);
      expect(await redisEvictionPolicy(dead)).toBeNull();
    } finally {
      dead.disconnect();
      await live.quit();
    }
  });

  it("warns about a policy that may evict keys without expiry, and about one it could not check", () => {
    expect(evictionWarning("noeviction")).toBeNull();
    expect(evictionWarning("volatile-lru")).toBeNull();
    expect(evictionWarning("allkeys-lru")).toMatch(/maxmemory-policy is allkeys-lru: .*Set maxmemory-policy noeviction/);
    expect(evictionWarning(null)).toMatch(/Could not check/);
  });
});
