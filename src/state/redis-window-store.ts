/**
 * The window store shared by every worker, in Redis. Layout (prefix P; the braces keep an account's
 * window keys in one Redis Cluster slot, so one script call covers them):
 *
 *   P{<account>}:<rule id>:<window key>   hash, expires `windowMs + lateArrivalMs` after its last write
 *     "#"                                  the key's contribution counter
 *     "<contribution>"                     "<n>:<partial as JSON>", n the counter when it was first stored
 *
 * Idempotence: a contribution (one batch of one log object) is written once, under its own field; a
 * retried object finds its fields, keeps them as they are and reads what its first run read (every
 * contribution numbered up to its own). Two workers never add to the same field, so any number of
 * them merge to the same values as one.
 * Round trips: one script call per account in the batch, all sent at once (one round trip); the
 * script stores, refreshes the expiry and returns each key's contributions, which are folded here
 * with the rule's own merge.
 * Bounds: a key keeps at most `maxContributionsPerKey` contributions; past that a batch still sees its
 * own partial merged with the stored ones, but is not stored (partials themselves are capped by their
 * rules). Keys expire `lateArrivalMs` after the window's length since their last write: long enough
 * for flow-log objects of one window to trickle in, short enough that state never piles up.
 */
import type { Redis } from "ioredis";
import type { WindowPartials } from "../detection/engine/engine.js";
import type { WindowedRule } from "../detection/engine/types.js";
import { foldContributions, type Contribution } from "../detection/state/contributions.js";
import { accountOfWindowKey, type WindowMerge, type WindowStore } from "../detection/state/window-store.js";

const MERGE_SCRIPT = `
local contribution = ARGV[1]
local cap = tonumber(ARGV[2])
local out = {}
for i, key in ipairs(KEYS) do
  local own = redis.call('HGET', key, contribution)
  if not own and redis.call('HLEN', key) <= cap then
    own = redis.call('HINCRBY', key, '#', 1) .. ':' .. ARGV[2 + 2 * i]
    redis.call('HSET', key, contribution, own)
  end
  redis.call('PEXPIRE', key, ARGV[1 + 2 * i])
  out[i] = { own or '', redis.call('HVALS', key) }
end
return out
`;

export type RedisWindowStoreOptions = {
  /** Key prefix; default "vigil:window:". */
  prefix?: string;
  /** How long after a window's length its key lives past its last write; default 10 minutes. */
  lateArrivalMs?: number;
  /** Contributions stored per window key; default 1000. */
  maxContributionsPerKey?: number;
};

// ioredis flattens array arguments, so thousands of keys need no spread.
type MergeCommand = (keyCount: number, keys: string[], args: Array<string | number>) => Promise<Array<[string, string[]]>>;

type Touched = { ruleId: string; key: string; rule: WindowedRule; partial: unknown };

/** "<n>:<json>" as stored; the counter value itself has no colon. */
function parseStored(text: string): Contribution | undefined {
  const colon = text.indexOf(":");
  if (colon < 0) return undefined;
  return { seq: Number(text.slice(0, colon)), value: JSON.parse(text.slice(colon + 1)) };
}

export class RedisWindowStore implements WindowStore {
  private readonly rules: Map<string, WindowedRule>;
  private readonly prefix: string;
  private readonly lateArrivalMs: number;
  private readonly cap: number;
  private readonly mergeScript: MergeCommand;

  constructor(
    redis: Redis,
    rules: readonly WindowedRule[],
    options: RedisWindowStoreOptions = {},
  ) {
    this.rules = new Map(rules.map((rule) => [rule.id, rule]));
    this.prefix = options.prefix ?? "vigil:window:";
    this.lateArrivalMs = options.lateArrivalMs ?? 10 * 60_000;
    this.cap = options.maxContributionsPerKey ?? 1000;
    redis.defineCommand("vigilWindowMerge", { lua: MERGE_SCRIPT });
    this.mergeScript = (redis as unknown as { vigilWindowMerge: MergeCommand }).vigilWindowMerge.bind(redis);
  }

  private redisKey(ruleId: string, key: string): string {
    return `${this.prefix}{${accountOfWindowKey(key)}}:${ruleId}:${key}`;
  }

  async merge(batch: WindowPartials, contribution: string): Promise<WindowMerge> {
    const byAccount = new Map<string, Touched[]>();
    for (const [ruleId, partials] of batch) {
      const rule = this.rules.get(ruleId);
      if (!rule) continue;
      for (const [key, partial] of partials) {
        const account = accountOfWindowKey(key);
        const group = byAccount.get(account);
        const touched = { ruleId, key, rule, partial };
        if (group) group.push(touched);
        else byAccount.set(account, [touched]);
      }
    }
    const groups = [...byAccount.values()];
    const replies = await Promise.all(groups.map((group) => this.call(group, contribution)));
    const result: WindowMerge = { merged: new Map(), before: new Map() };
    groups.forEach((group, g) => {
      group.forEach((touched, i) => {
        const [ownText, values] = replies[g][i];
        // Past the cap the batch was not stored: it counts after everything that was.
        const own = parseStored(ownText) ?? { seq: Infinity, value: touched.partial };
        const stored = values.map(parseStored).filter((value): value is Contribution => value !== undefined);
        const folded = foldContributions(touched.rule, stored, own);
        mapOf(result.merged, touched.ruleId).set(touched.key, folded.merged);
        if (folded.before !== undefined) mapOf(result.before, touched.ruleId).set(touched.key, folded.before);
      });
    });
    return result;
  }

  private call(group: Touched[], contribution: string): Promise<Array<[string, string[]]>> {
    const keys = group.map((touched) => this.redisKey(touched.ruleId, touched.key));
    const args: Array<string | number> = [contribution, this.cap];
    for (const touched of group) args.push(touched.rule.windowMs + this.lateArrivalMs, JSON.stringify(touched.partial));
    return this.mergeScript(keys.length, keys, args);
  }
}

function mapOf(partials: WindowPartials, ruleId: string): Map<string, unknown> {
  let map = partials.get(ruleId);
  if (!map) partials.set(ruleId, (map = new Map()));
  return map;
}
