/**
 * Baselines in Redis, shared by every worker. Layout (prefix P, account A; the braces keep one
 * account's keys in one Redis Cluster slot, so one script can update them atomically):
 *
 *   P{A}:<kind>:<id>            hash, the entity's profile (fields in profile.ts); expires `retentionMs`
 *                               after its last update, so idle identities and instances age out.
 *                               "a|<dimension>", set by an age-out scan, is the oldest last-seen of
 *                               the dimension's values (lowered when an older one is added): a full
 *                               dimension is scanned again only once a value can have aged out, not
 *                               for every new value that finds it full
 *   P{A}:vol:<kind>:<id>:<hour> hash host → bytes sent in that hour; expires after HOURLY_KEPT hours
 *   P{A}:learned:<sha256(id)>   marker of a learned batch; expires after `retentionMs`
 *
 * read(): one pipelined round trip (HGETALL per entity, HGET per hourly total).
 * learn(): one pipelined round trip, one script call per account: the script sets the marker with
 * NX and applies nothing when it existed, so a retried log object never learns twice; otherwise it
 * applies the updates exactly as applyEntityUpdate/applyVolume do (tested against each other).
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { EntityProfile, HISTOGRAM_BUCKETS, type EntityUpdate } from "../detection/baselines/state/profile.js";
import type { BaselineSettings } from "../detection/baselines/state/settings.js";
import { accountOfKey, hourlyKey, HOURLY_KEPT, snapshotOf, type BaselineReads, type BaselineSnapshot, type BaselineStore } from "../detection/baselines/state/store.js";

const LEARN_SCRIPT = `
local p = cjson.decode(ARGV[1])
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', p.retention) then return 0 end
local function num(v) return string.format('%.0f', v) end
local function stats(raw)
  local a, b, c, d = string.match(raw, '^(%-?%d+),(%-?%d+),(%d+),(%-?%d+)$')
  return tonumber(a), tonumber(b), tonumber(c), tonumber(d)
end
local function ageOut(key, dim, cutoff)
  local floorField = 'a|' .. dim
  local floor = tonumber(redis.call('HGET', key, floorField) or '')
  if floor and floor >= cutoff then return 0 end
  local prefix = 'v|' .. dim .. '|'
  local all = redis.call('HGETALL', key)
  local removed = 0
  local oldest
  for i = 1, #all, 2 do
    if string.sub(all[i], 1, #prefix) == prefix then
      local _, last = stats(all[i + 1])
      if last < cutoff then redis.call('HDEL', key, all[i]); removed = removed + 1
      elseif not oldest or last < oldest then oldest = last end
    end
  end
  if oldest then redis.call('HSET', key, floorField, num(oldest)) else redis.call('HDEL', key, floorField) end
  return removed
end
local function applyValue(key, dim, value, first, last, days)
  local field = 'v|' .. dim .. '|' .. value
  local current = redis.call('HGET', key, field)
  if current then
    local f, l, n, lastDay = stats(current)
    for _, day in ipairs(days) do
      if day > lastDay then n = n + 1; lastDay = day end
    end
    redis.call('HSET', key, field, num(math.min(f, first)) .. ',' .. num(math.max(l, last)) .. ',' .. n .. ',' .. num(lastDay))
    return
  end
  local countField = 'n|' .. dim
  local count = tonumber(redis.call('HGET', key, countField) or '0')
  local cap = p.caps[dim]
  if count >= cap then
    count = count - ageOut(key, dim, p.now - p.retention)
    redis.call('HSET', key, countField, count)
    if count >= cap then redis.call('HSET', key, 's|' .. dim, '1'); return end
    redis.call('HDEL', key, 's|' .. dim)
  end
  local floor = tonumber(redis.call('HGET', key, 'a|' .. dim) or '')
  if floor and last < floor then redis.call('HSET', key, 'a|' .. dim, num(last)) end
  local maxDay = days[1]
  for _, day in ipairs(days) do maxDay = math.max(maxDay, day) end
  redis.call('HSET', key, field, num(first) .. ',' .. num(last) .. ',' .. #days .. ',' .. num(maxDay))
  redis.call('HSET', key, countField, count + 1)
end
local function bucket(bytes)
  local b = 0
  while bytes >= 2 and b < ${HISTOGRAM_BUCKETS - 1} do bytes = bytes / 2; b = b + 1 end
  return b
end
local function applyVolume(key, previous, total)
  local t = tonumber(redis.call('HGET', key, 'h|total') or '0')
  if previous > 0 and tonumber(redis.call('HGET', key, 'h|' .. bucket(previous)) or '0') > 0 then
    redis.call('HINCRBY', key, 'h|' .. bucket(previous), -1)
  else
    t = t + 1
  end
  redis.call('HINCRBY', key, 'h|' .. bucket(total), 1)
  if t > p.histogramCap then
    t = 0
    for b = 0, ${HISTOGRAM_BUCKETS - 1} do
      local halved = math.floor(tonumber(redis.call('HGET', key, 'h|' .. b) or '0') / 2)
      if halved > 0 then redis.call('HSET', key, 'h|' .. b, halved) else redis.call('HDEL', key, 'h|' .. b) end
      t = t + halved
    end
  end
  redis.call('HSET', key, 'h|total', t)
end
for _, e in ipairs(p.entities) do
  local key = KEYS[e.k]
  local first = redis.call('HGET', key, '_first')
  redis.call('HSET', key, '_first', num(first and math.min(tonumber(first), e.first) or e.first))
  redis.call('HSET', key, '_last', num(math.max(tonumber(redis.call('HGET', key, '_last') or e.last), e.last)))
  for _, v in ipairs(e.values) do applyValue(key, v[1], v[2], v[3], v[4], v[5]) end
  for _, vol in ipairs(e.volume) do
    local hourKey = KEYS[vol[1]]
    local previous = tonumber(redis.call('HGET', hourKey, vol[2]) or '0')
    redis.call('HSET', hourKey, vol[2], num(previous + vol[3]))
    redis.call('PEXPIRE', hourKey, p.hourTtl)
    applyVolume(key, previous, previous + vol[3])
  end
  redis.call('PEXPIRE', key, p.retention)
end
return 1
`;

type LearnCommand = (keyCount: number, ...keysAndArgs: string[]) => Promise<number>;

export class RedisBaselineStore implements BaselineStore {
  private readonly learnScript: LearnCommand;

  constructor(
    private readonly redis: Redis,
    private readonly settings: BaselineSettings,
    private readonly prefix = "vigil:baseline:",
  ) {
    redis.defineCommand("vigilBaselineLearn", { lua: LEARN_SCRIPT });
    this.learnScript = (redis as unknown as { vigilBaselineLearn: LearnCommand }).vigilBaselineLearn.bind(redis);
  }

  /** "<account>|<kind>|<id>" → P{account}:<kind>:<id> */
  private redisKey(entity: string): string {
    const [account, kind, ...id] = entity.split("|");
    return `${this.prefix}{${account}}:${kind}:${id.join("|")}`;
  }

  private hourKey(entity: string, hour: number): string {
    const [account, kind, ...id] = entity.split("|");
    return `${this.prefix}{${account}}:vol:${kind}:${id.join("|")}:${hour}`;
  }

  async read(reads: BaselineReads): Promise<BaselineSnapshot> {
    const pipeline = this.redis.pipeline();
    for (const entity of reads.entities) pipeline.hgetall(this.redisKey(entity));
    for (const read of reads.hourly) pipeline.hget(this.hourKey(read.entity, read.hour), read.host);
    const replies = (await pipeline.exec()) ?? [];
    const profiles = new Map<string, EntityProfile>();
    reads.entities.forEach((entity, i) => {
      const [error, fields] = replies[i] as [Error | null, Record<string, string>];
      if (error) throw error;
      const profile = EntityProfile.fromFields(new Map(Object.entries(fields)));
      if (profile) profiles.set(entity, profile);
    });
    const hourly = new Map<string, number>();
    reads.hourly.forEach((read, i) => {
      const [error, total] = replies[reads.entities.length + i] as [Error | null, string | null];
      if (error) throw error;
      if (total !== null) hourly.set(hourlyKey(read.entity, read.host, read.hour), Number(total));
    });
    return snapshotOf(profiles, hourly);
  }

  async learn(updates: readonly EntityUpdate[], learnId: string): Promise<boolean> {
    if (updates.length === 0) return false;
    const byAccount = new Map<string, EntityUpdate[]>();
    for (const update of updates) {
      const account = accountOfKey(update.key);
      const group = byAccount.get(account);
      if (group) group.push(update);
      else byAccount.set(account, [update]);
    }
    const now = Math.max(...updates.map((update) => update.last));
    const marker = createHash("sha256").update(learnId).digest("hex");
    const calls = [...byAccount].map(([account, accountUpdates]) => {
      const keys = [`${this.prefix}{${account}}:learned:${marker}`];
      const index = (key: string) => keys.push(key);
      const entities = accountUpdates.map((update) => ({
        k: index(this.redisKey(update.key)),
        first: update.first,
        last: update.last,
        values: update.values.map(([dimension, value, change]) => [dimension, value, change.first, change.last, change.days]),
        volume: update.volume.map((volume) => [index(this.hourKey(update.key, volume.hour)), volume.host, volume.bytes]),
      }));
      const payload = {
        retention: this.settings.retentionMs,
        hourTtl: HOURLY_KEPT * 3_600_000,
        now,
        caps: this.settings.caps,
        histogramCap: this.settings.volumeHistogramCap,
        entities,
      };
      return this.learnScript(keys.length, ...keys, JSON.stringify(payload));
    });
    const applied = await Promise.all(calls);
    return applied.some((result) => result === 1);
  }
}
