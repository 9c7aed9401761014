import type { Redis } from "ioredis";

// Policies that only evict keys with an expiry leave queue keys (which have none) alone.
const SPARES_QUEUE_KEYS = new Set(["noeviction", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"]);

/** The server's maxmemory-policy, or null when CONFIG GET is refused (managed Redis often renames or blocks CONFIG). */
export async function redisEvictionPolicy(redis: Redis): Promise<string | null> {
  try {
    const reply = (await redis.config("GET", "maxmemory-policy")) as string[];
    return reply[1] ?? null;
  } catch {
    return null;
  }
}

/** The one line to log at start, or null when the policy keeps queue keys. */
export function evictionWarning(policy: string | null): string | null {
  if (policy === null) return "Could not check Redis' maxmemory-policy (CONFIG GET refused): it must be noeviction, or Redis may drop queued jobs under memory pressure.";
  if (SPARES_QUEUE_KEYS.has(policy)) return null;
  return `Redis' maxmemory-policy is ${policy}: under memory pressure it may evict queued jobs and schedules. Set maxmemory-policy noeviction.`;
}
