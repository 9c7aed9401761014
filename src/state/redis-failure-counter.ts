import type { Redis } from "ioredis";

// A fixed window per counter: the first failure starts it, so a counter expires on its own.
const RECORD_SCRIPT = `
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
end
return 0
`;

type RecordCommand = (keyCount: number, keys: string[], windowMs: number) => Promise<number>;

/** A counter's failures so far and how long until its window ends. */
export type FailureCount = { failures: number; resetInMs: number };

/** Failed-authentication counters every API process of an install shares, under the install's prefix. */
export class RedisFailureCounter {
  private readonly record: RecordCommand;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand("vigilRecordFailures", { lua: RECORD_SCRIPT });
    this.record = (redis as unknown as { vigilRecordFailures: RecordCommand }).vigilRecordFailures.bind(redis);
  }

  private key(counter: string): string {
    return `${this.prefix}:auth-failures:${counter}`;
  }

  async read(counters: readonly string[]): Promise<FailureCount[]> {
    const pipeline = this.redis.pipeline();
    for (const counter of counters) pipeline.get(this.key(counter)).pttl(this.key(counter));
    const replies = (await pipeline.exec()) ?? [];
    return counters.map((_, i) => {
      const [countError, count] = replies[2 * i];
      const [ttlError, ttl] = replies[2 * i + 1];
      if (countError || ttlError) throw countError ?? ttlError;
      return { failures: Number(count ?? 0), resetInMs: Math.max(Number(ttl), 0) };
    });
  }

  async add(counters: readonly string[], windowMs: number): Promise<void> {
    await this.record(counters.length, counters.map((counter) => this.key(counter)), windowMs);
  }
}
