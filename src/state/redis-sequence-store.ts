/**
 * The attack-sequence store shared by every worker, in Redis. Layout (prefix P; the braces keep an
 * account in one Redis Cluster slot):
 *
 *   P{<account>}:signals     hash, expires `windowMs + lateArrivalMs` after its last write
 *     "#"                    the contribution counter
 *     "^"                    the newest signal time stored (epoch ms)
 *     "c|<contribution>"     "<n>:<time>": the number a batch got when first stored, and its newest signal time
 *     "s|<signal id>"        "<n>:<lastSeen>:<signal as JSON>", n the number of the batch that first stored it
 *
 * Idempotence, as the window store's: a batch is numbered once; a retried batch finds its number,
 * stores nothing new (its signals carry the same ids) and sees the signals numbered up to its own, so
 * it decides what its first run did. Workers never overwrite each other's signals (set only when absent).
 * One round trip per batch: one script call per account in it, all sent at once.
 * Bounds: signals and batch numbers older than the window before the newest signal are dropped by the
 * script; at most `maxSignalsPerAccount` signals are stored (past that a batch's own signals still
 * count for its decision, but are not kept).
 */
import type { Redis } from "ioredis";
import type { Signal } from "../detection/sequences/signal.js";
import type { SequenceSettings } from "../detection/sequences/settings.js";
import { byAccount, viewsOf, type AccountSignals, type SequenceStore } from "../detection/sequences/store.js";

const MERGE_SCRIPT = `
local key = KEYS[1]
local contribution = 'c|' .. ARGV[1]
local cap = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
local newest = math.max(tonumber(redis.call('HGET', key, '^') or '0'), tonumber(ARGV[5]))
redis.call('HSET', key, '^', newest)
local cutoff = newest - windowMs
local stored = redis.call('HGETALL', key)
local signals = 0
for i = 1, #stored, 2 do
  local field, value = stored[i], stored[i + 1]
  local prefix = string.sub(field, 1, 2)
  if prefix == 's|' or prefix == 'c|' then
    local time = tonumber(string.match(value, '^%d+:(%d+)'))
    if time and time < cutoff then redis.call('HDEL', key, field)
    elseif prefix == 's|' then signals = signals + 1 end
  end
end
local own = redis.call('HGET', key, contribution)
local n
if own then n = string.match(own, '^(%d+):') else
  n = redis.call('HINCRBY', key, '#', 1)
  redis.call('HSET', key, contribution, n .. ':' .. ARGV[5])
end
local unstored = {}
for i = 6, #ARGV, 3 do
  local field = 's|' .. ARGV[i]
  if redis.call('HEXISTS', key, field) == 0 then
    if signals < cap then
      redis.call('HSET', key, field, n .. ':' .. ARGV[i + 1] .. ':' .. ARGV[i + 2])
      signals = signals + 1
    else table.insert(unstored, ARGV[i]) end
  end
end
redis.call('PEXPIRE', key, ARGV[4])
local fresh = redis.call('HGETALL', key)
local values = {}
for i = 1, #fresh, 2 do if string.sub(fresh[i], 1, 2) == 's|' then table.insert(values, fresh[i + 1]) end end
return { tostring(n), values, unstored }
`;

export type RedisSequenceStoreOptions = {
  /** Key prefix; default "vigil:sequence:". */
  prefix?: string;
  /** How long past the window an account's signals live after its last write; default 10 minutes. */
  lateArrivalMs?: number;
};

type MergeCommand = (key: string, ...args: Array<string | number>) => Promise<[string, string[], string[]]>;

type Numbered = { seq: number; signal: Signal };

/** "<n>:<lastSeen>:<json>" as stored. */
function parseStored(text: string): Numbered | undefined {
  const match = /^(\d+):(\d+):/.exec(text);
  if (!match) return undefined;
  return { seq: Number(match[1]), signal: JSON.parse(text.slice(match[0].length)) as Signal };
}

export class RedisSequenceStore implements SequenceStore {
  private readonly prefix: string;
  private readonly lateArrivalMs: number;
  private readonly mergeScript: MergeCommand;

  constructor(
    redis: Redis,
    private readonly settings: SequenceSettings,
    options: RedisSequenceStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? "vigil:sequence:";
    this.lateArrivalMs = options.lateArrivalMs ?? 10 * 60_000;
    redis.defineCommand("vigilSequenceMerge", { numberOfKeys: 1, lua: MERGE_SCRIPT });
    this.mergeScript = (redis as unknown as { vigilSequenceMerge: MergeCommand }).vigilSequenceMerge.bind(redis);
  }

  async merge(signals: readonly Signal[], contribution: string): Promise<Map<string, AccountSignals>> {
    const accounts = [...byAccount(signals)];
    const replies = await Promise.all(accounts.map(([accountId, own]) => this.call(accountId, own, contribution)));
    const result = new Map<string, AccountSignals>();
    accounts.forEach(([accountId, own], i) => {
      const [seqText, values, unstored] = replies[i];
      const seq = Number(seqText);
      const stored = values.map(parseStored).filter((value): value is Numbered => value !== undefined);
      // Past the cap a batch's own signals were not kept: they still count for this batch.
      const kept = new Set(unstored);
      const extra = own.filter((signal) => kept.has(signal.id)).map((signal) => ({ seq, signal }));
      result.set(accountId, viewsOf([...stored, ...extra], seq));
    });
    return result;
  }

  private call(accountId: string, signals: readonly Signal[], contribution: string): Promise<[string, string[], string[]]> {
    const newest = Math.max(...signals.map((signal) => signal.lastSeen));
    const args: Array<string | number> = [contribution, this.settings.maxSignalsPerAccount, this.settings.windowMs, this.settings.windowMs + this.lateArrivalMs, newest];
    for (const signal of signals) args.push(signal.id, signal.lastSeen, JSON.stringify(signal));
    return this.mergeScript(`${this.prefix}{${accountId}}:signals`, ...args);
  }
}
