import type { Redis } from "ioredis";

// Policies that only evict keys with an expiry leave queue keys (which have none) alone.
const SPARES_QUEUE_KEYS = new Set(["noeviction", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"]);

/** The settings that decide whether Redis keeps queued work; null where CONFIG GET is refused (managed Redis often renames or blocks CONFIG). */
export type RedisDurability = { maxmemoryPolicy: string | null; appendonly: string | null };

async function configValue(redis: Redis, name: string): Promise<string | null> {
  try {
    const reply = (await redis.config("GET", name)) as string[];
    return reply[1] ?? null;
  } catch {
    return null;
  }
}

export async function redisDurability(redis: Redis): Promise<RedisDurability> {
  const [maxmemoryPolicy, appendonly] = await Promise.all([configValue(redis, "maxmemory-policy"), configValue(redis, "appendonly")]);
  return { maxmemoryPolicy, appendonly };
}

/** The lines to log at start, none when Redis keeps queued work through memory pressure and restarts. */
export function durabilityWarnings({ maxmemoryPolicy, appendonly }: RedisDurability): string[] {
  if (maxmemoryPolicy === null && appendonly === null) {
    return ["Could not check Redis' maxmemory-policy and appendonly (CONFIG GET refused): they must be noeviction and yes, or Redis may drop queued jobs."];
  }
  const warnings: string[] = [];
  if (maxmemoryPolicy !== null && !SPARES_QUEUE_KEYS.has(maxmemoryPolicy)) {
    warnings.push(`Redis' maxmemory-policy is ${maxmemoryPolicy}: under memory pressure it may evict queued jobs and schedules. Set maxmemory-policy noeviction.`);
  }
  if (appendonly === "no") {
    // Nothing is lost for good (PostgreSQL records every object and delivery), but a restart delays it until the reconciler runs.
    warnings.push("Redis' appendonly is no: a Redis restart empties the queues, and work waits for the reconciler to queue it again. Set appendonly yes.");
  }
  return warnings;
}
