/**
 * The attack-sequence store shared by every worker, in Redis. Layout (prefix P; the braces keep an
 * account in one Redis Cluster slot):
 *
 *   P{<account>}:signals     hash, expires `windowMs + lateArrivalMs` after its last write
 *     "#"                    the contribution counter
 *     "^"                    the newest signal time stored (epoch ms)
 *     "e"                    the key's epoch, set when the key is (re)created: "t", its creation time
 *                            (Redis' clock, 13 digits of epoch ms) and a random token, so a later epoch sorts after
 *     "v"                    the write version: counts the calls that stored a signal
 *     "c|<contribution>"     "<n>:<time>": the number a batch got when first stored, and its newest signal time
 *     "s|<signal id>"        "<n>:<lastSeen>:<v>:<firstSeen>:<signal as JSON>", n the number of the batch
 *                            that stored this copy, v the write version that stored it
 *   P{<account>}:signals:times     sorted set of the "c|" and "s|" fields by their time, for dropping what
 *                                  left the window without reading the hash
 *   P{<account>}:signals:versions  sorted set of the "s|" fields by the write version that stored them,
 *                                  for reading only what a worker's mirror lacks
 *
 * So a call's cost follows what it adds and what changed, not the account's thousands of signals. A hash
 * of an earlier layout (an epoch not starting with "t") is started afresh.
 *
 * Idempotence, as the window store's: a batch is numbered once; a retried batch finds its number,
 * stores nothing new (its signals carry the same ids) and sees the signals numbered up to its own, so
 * it decides what its first run did. A signal already stored is replaced only by an earlier copy of it
 * (`earlierCopy`, the same order as the memory store's), so what is kept does not depend on which
 * worker stored first.
 * One round trip per batch: one script call per account in it, all sent at once.
 *
 * Each worker mirrors the accounts' signals in memory, so a call carries back only what changed: the
 * signals written since the version the mirror holds (by any worker), and the cut-off below which
 * the script dropped signals. A mirror of another epoch (the key expired or was deleted) gets every
 * signal. A process's calls for one account run one after the other, so the mirror after a call is
 * what the key held after it.
 * Bounds: signals and batch numbers older than the window before the newest signal are dropped by the
 * script; at most `maxSignalsPerAccount` signals are stored (past that a batch's own signals still
 * count for its decision, but are not kept).
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { Signal } from "../detection/sequences/signal.js";
import type { SequenceSettings } from "../detection/sequences/settings.js";
import { byAccount, firstCopies, viewsOf, type AccountSignals, type SequenceStore } from "../detection/sequences/store.js";

const MERGE_SCRIPT = `
local key, times, versions = KEYS[1], KEYS[2], KEYS[3]
local contribution = 'c|' .. ARGV[1]
local cap = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
local function chunked(command, target, fields)
  for i = 1, #fields, 1000 do redis.call(command, target, unpack(fields, i, math.min(i + 999, #fields))) end
end
local epoch = redis.call('HGET', key, 'e')
-- A new key, or one of an earlier layout (its epoch does not start with 't'): started afresh.
if not epoch or string.sub(epoch, 1, 1) ~= 't' then
  redis.call('DEL', key, times, versions)
  local now = redis.call('TIME')
  epoch = 't' .. string.format('%013d', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)) .. ARGV[6]
  redis.call('HSET', key, 'e', epoch)
end
-- Whether the copy (firstSeen, text) stands for its step rather than the stored one: the earlier (store.ts).
local function earlier(firstSeen, text, stored)
  local storedFirst, storedText = string.match(stored, '^%d+:%d+:%d+:(%d+):(.*)$')
  local a, b = tonumber(firstSeen), tonumber(storedFirst)
  return a < b or (a == b and text < storedText)
end
local newest = math.max(tonumber(redis.call('HGET', key, '^') or '0'), tonumber(ARGV[5]))
redis.call('HSET', key, '^', newest)
local since = 0
if epoch == ARGV[7] then since = tonumber(ARGV[8]) end
local version = tonumber(redis.call('HGET', key, 'v') or '0')
local cutoff = newest - windowMs
local old = redis.call('ZRANGEBYSCORE', times, '-inf', '(' .. cutoff)
if #old > 0 then
  chunked('HDEL', key, old)
  chunked('ZREM', times, old)
  chunked('ZREM', versions, old)
end
local ids
if since == 0 then ids = redis.call('ZRANGE', versions, 0, -1) else ids = redis.call('ZRANGEBYSCORE', versions, '(' .. since, '+inf') end
local changed = {}
for i = 1, #ids, 1000 do
  local values = redis.call('HMGET', key, unpack(ids, i, math.min(i + 999, #ids)))
  for j = 1, #values do if values[j] then table.insert(changed, values[j]) end end
end
local signals = redis.call('ZCARD', versions)
local own = redis.call('HGET', key, contribution)
local n
if own then n = string.match(own, '^(%d+):') else
  n = redis.call('HINCRBY', key, '#', 1)
  redis.call('HSET', key, contribution, n .. ':' .. ARGV[5])
  redis.call('ZADD', times, ARGV[5], contribution)
end
local written = version + 1
local added = {}
local unstored = {}
for i = 9, #ARGV, 4 do
  local field = 's|' .. ARGV[i]
  local stored = redis.call('HGET', key, field)
  if (not stored and signals < cap) or (stored and earlier(ARGV[i + 2], ARGV[i + 3], stored)) then
    redis.call('HSET', key, field, n .. ':' .. ARGV[i + 1] .. ':' .. written .. ':' .. ARGV[i + 2] .. ':' .. ARGV[i + 3])
    redis.call('ZADD', times, ARGV[i + 1], field)
    redis.call('ZADD', versions, written, field)
    if not stored then signals = signals + 1 end
    table.insert(added, ARGV[i])
  elseif not stored then table.insert(unstored, ARGV[i]) end
end
if #added > 0 then
  version = written
  redis.call('HSET', key, 'v', version)
end
redis.call('PEXPIRE', key, ARGV[4])
redis.call('PEXPIRE', times, ARGV[4])
redis.call('PEXPIRE', versions, ARGV[4])
return { tostring(n), changed, unstored, added, epoch, tostring(version), tostring(cutoff) }
`;

export type RedisSequenceStoreOptions = {
  /** Key prefix; default "vigil:sequence:". */
  prefix?: string;
  /** How long past the window an account's signals live after its last write; default 10 minutes. */
  lateArrivalMs?: number;
  /** Accounts whose signals a worker mirrors (the least recently merged are forgotten first); default 1,000. */
  mirroredAccounts?: number;
};

/** [number, changed signals as stored, unstored ids, added (or replaced) ids, epoch, version, cut-off] */
type MergeReply = [string, string[], string[], string[], string, string, string];
type MergeCommand = (key: string, times: string, versions: string, ...args: Array<string | number>) => Promise<MergeReply>;

type Numbered = { seq: number; signal: Signal };

/** What a worker last saw of one account's key. */
type Mirror = { epoch: string; version: number; signals: Map<string, Numbered> };

/** "<n>:<lastSeen>:<v>:<firstSeen>:<json>" as stored. */
function parseStored(text: string): Numbered | undefined {
  const match = /^(\d+):\d+:\d+:\d+:/.exec(text);
  if (!match) return undefined;
  return { seq: Number(match[1]), signal: JSON.parse(text.slice(match[0].length)) as Signal };
}

export class RedisSequenceStore implements SequenceStore {
  private readonly prefix: string;
  private readonly lateArrivalMs: number;
  private readonly mirroredAccounts: number;
  private readonly mergeScript: MergeCommand;
  private readonly mirrors = new Map<string, Mirror>();
  /** Per account, the end of the last call queued: calls for one account wait for each other. */
  private readonly queued = new Map<string, Promise<unknown>>();

  constructor(
    redis: Redis,
    private readonly settings: SequenceSettings,
    options: RedisSequenceStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? "vigil:sequence:";
    this.lateArrivalMs = options.lateArrivalMs ?? 10 * 60_000;
    this.mirroredAccounts = options.mirroredAccounts ?? 1_000;
    redis.defineCommand("vigilSequenceMerge", { numberOfKeys: 3, lua: MERGE_SCRIPT });
    this.mergeScript = (redis as unknown as { vigilSequenceMerge: MergeCommand }).vigilSequenceMerge.bind(redis);
  }

  async merge(signals: readonly Signal[], contribution: string): Promise<Map<string, AccountSignals>> {
    const accounts = [...byAccount(firstCopies(signals))];
    const views = await Promise.all(accounts.map(([accountId, own]) => this.inTurn(accountId, () => this.mergeAccount(accountId, own, contribution))));
    return new Map(accounts.map(([accountId], i) => [accountId, views[i]]));
  }

  private inTurn<T>(accountId: string, call: () => Promise<T>): Promise<T> {
    const previous = this.queued.get(accountId) ?? Promise.resolve();
    const next = previous.then(call, call);
    const settled = next.catch(() => undefined);
    this.queued.set(accountId, settled);
    void settled.then(() => {
      if (this.queued.get(accountId) === settled) this.queued.delete(accountId);
    });
    return next;
  }

  private async mergeAccount(accountId: string, own: readonly Signal[], contribution: string): Promise<AccountSignals> {
    const known = this.mirrors.get(accountId);
    const key = `${this.prefix}{${accountId}}:signals`;
    const newest = Math.max(...own.map((signal) => signal.lastSeen));
    const args: Array<string | number> = [
      contribution,
      this.settings.maxSignalsPerAccount,
      this.settings.windowMs,
      this.settings.windowMs + this.lateArrivalMs,
      newest,
      randomBytes(8).toString("hex"),
      known?.epoch ?? "",
      known?.version ?? 0,
    ];
    const texts = own.map((signal) => JSON.stringify(signal));
    own.forEach((signal, i) => args.push(signal.id, signal.lastSeen, signal.firstSeen, texts[i]));
    const [seqText, changed, unstored, added, epoch, version, cutoff] = await this.mergeScript(key, `${key}:times`, `${key}:versions`, ...args);
    const seq = Number(seqText);
    const mirror = this.updatedMirror(accountId, known, { changed, added, epoch, version: Number(version), cutoff: Number(cutoff) }, own, texts, seq);
    // Past the cap a batch's own signals were not kept: they still count for this batch.
    const kept = new Set(unstored);
    const extra = own.filter((signal) => kept.has(signal.id)).map((signal) => ({ seq, signal }));
    return viewsOf(extra.length > 0 ? [...mirror.signals.values(), ...extra] : mirror.signals.values(), seq, epoch);
  }

  /** The key as the script left it: what changed since the mirror, less what it dropped, plus this call's own. */
  private updatedMirror(
    accountId: string,
    known: Mirror | undefined,
    reply: { changed: string[]; added: string[]; epoch: string; version: number; cutoff: number },
    own: readonly Signal[],
    texts: readonly string[],
    seq: number,
  ): Mirror {
    const mirror: Mirror = known && known.epoch === reply.epoch ? known : { epoch: reply.epoch, version: 0, signals: new Map() };
    for (const text of reply.changed) {
      const numbered = parseStored(text);
      if (numbered) mirror.signals.set(numbered.signal.id, numbered);
    }
    for (const [id, { signal }] of mirror.signals) if (signal.lastSeen < reply.cutoff) mirror.signals.delete(id);
    if (reply.added.length > 0) {
      const added = new Set(reply.added);
      // As read back from Redis (through JSON): the copies the script stored or replaced with this call's.
      own.forEach(({ id }, i) => {
        if (added.has(id)) mirror.signals.set(id, { seq, signal: JSON.parse(texts[i]) as Signal });
      });
    }
    mirror.version = reply.version;
    // Most recently merged last, so the first key is the one to forget.
    this.mirrors.delete(accountId);
    this.mirrors.set(accountId, mirror);
    if (this.mirrors.size > this.mirroredAccounts) this.mirrors.delete(this.mirrors.keys().next().value as string);
    return mirror;
  }
}
