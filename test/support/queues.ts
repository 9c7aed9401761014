import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { TEST_REDIS_URL } from "./env";

/** A queue prefix no other test file uses, so queues are fresh per test; removes its keys afterwards. */
export function freshQueuePrefix(): { queuePrefix: string; redisUrl: string; cleanup(): Promise<void> } {
  const queuePrefix = `{vigil-test-${randomBytes(6).toString("hex")}}`;
  return {
    queuePrefix,
    redisUrl: TEST_REDIS_URL,
    cleanup: async () => {
      const redis = new Redis(TEST_REDIS_URL);
      try {
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "MATCH", `${queuePrefix}:*`, "COUNT", 1000);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== "0");
      } finally {
        await redis.quit();
      }
    },
  };
}
