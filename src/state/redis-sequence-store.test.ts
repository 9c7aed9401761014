import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { defaultEngine } from "../detection/engine/default-engine.js";
import type { FindingCandidate } from "../detection/engine/types.js";
import type { CloudTrailEvent } from "../detection/events.js";
import { detectSequences } from "../detection/sequences/detect-sequences.js";
import type { SequenceDetection } from "../detection/sequences/sequence-types.js";
import type { Signal } from "../detection/sequences/signal.js";
import { sequenceSettings } from "../detection/sequences/settings.js";
import { contributionId } from "../detection/state/window-store.js";
import { attackRecords, createAccessKey, events } from "../detection/testing/attack-story.js";
import { testContext } from "../detection/testing/cloudtrail.js";
import { RedisSequenceStore } from "./redis-sequence-store.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `vigil-test-sequences-${randomBytes(6).toString("hex")}:`;
const engine = defaultEngine();
const context = testContext();
const settings = sequenceSettings();
const options = { detectorId: "d".repeat(32), settings };

function signalsOf(candidate: FindingCandidate) {
  return (candidate.sequence as SequenceDetection).sequence.signals;
}

describe("RedisSequenceStore", () => {
  const clients: Redis[] = [];
  const connect = () => {
    const client = new Redis(REDIS_URL);
    clients.push(client);
    return client;
  };

  afterAll(async () => {
    const cleaner = connect();
    const keys = await cleaner.keys(`${PREFIX}*`);
    if (keys.length) await cleaner.del(...keys);
    await Promise.all(clients.map((client) => client.quit()));
  });

  const records = attackRecords();
  const first = events(records.slice(0, 22), "AWSLogs/a.json.gz");
  const second = events(records.slice(22), "AWSLogs/b.json.gz");
  const third = events([createAccessKey(90, { requestParameters: { userName: "other" } })], "AWSLogs/c.json.gz");

  async function batch(store: RedisSequenceStore, batchEvents: CloudTrailEvent[], object: string): Promise<FindingCandidate[]> {
    return detectSequences(store, batchEvents, engine.detect(batchEvents, context), contributionId("source-1", object, 0), options);
  }

  it("sees one story across objects and workers, adds nothing twice on a retry, and survives a restart", async () => {
    const prefix = `${PREFIX}story:`;
    const workerA = new RedisSequenceStore(connect(), settings, { prefix });
    const workerB = new RedisSequenceStore(connect(), settings, { prefix });
    expect(await batch(workerA, first, "a")).toEqual([]);
    const crossed = await batch(workerB, second, "b");
    expect(crossed.map((c) => c.meta.type)).toEqual(["AttackSequence:IAM/CompromisedCredentials"]);

    // A retry of the crossing batch (its job failed after deciding) decides the same, on either worker.
    expect(await batch(workerA, second, "b")).toEqual(crossed);
    // A retry of the first batch adds nothing: the story is not raised again by it.
    expect(await batch(workerB, first, "a")).toEqual([]);

    // A restarted worker (new connection, new store) extends the same sequence by one signal.
    const restarted = new RedisSequenceStore(connect(), settings, { prefix });
    const grown = await batch(restarted, third, "c");
    expect(grown).toHaveLength(1);
    expect(grown[0].aggregationKey).toBe(crossed[0].aggregationKey);
    expect(signalsOf(grown[0]).map((s) => s.uid)).toEqual([...signalsOf(crossed[0]).map((s) => s.uid), expect.any(String)]);
    const stored = await connect().hkeys(`${prefix}{111122223333}:signals`);
    expect(stored.filter((field) => field.startsWith("s|"))).toHaveLength(signalsOf(grown[0]).length);
    expect(stored.filter((field) => field.startsWith("c|"))).toHaveLength(3);
  });

  it("forgets what a worker mirrored when the account's key is gone, and learns another worker's signals", async () => {
    const prefix = `${PREFIX}epoch:`;
    const workerA = new RedisSequenceStore(connect(), settings, { prefix });
    const workerB = new RedisSequenceStore(connect(), settings, { prefix });
    expect(await batch(workerA, first, "a")).toEqual([]);
    // The key expires (or is deleted): A's mirror of it must not carry the first object's signals on.
    await connect().del(`${prefix}{111122223333}:signals`);
    expect(await batch(workerA, second, "b")).toEqual([]);
    // B stores the first object again and crosses; A's next call brings B's signals into its mirror.
    const crossed = await batch(workerB, first, "a2");
    expect(crossed.map((c) => c.meta.type)).toEqual(["AttackSequence:IAM/CompromisedCredentials"]);
    const grown = await batch(workerA, third, "c");
    expect(grown.map((c) => c.aggregationKey)).toEqual([crossed[0].aggregationKey]);
    expect(signalsOf(grown[0])).toHaveLength(signalsOf(crossed[0]).length + 1);
  });

  it("drops signals older than the window before the newest and expires the account's key", async () => {
    const prefix = `${PREFIX}expiry:`;
    const store = new RedisSequenceStore(connect(), settings, { prefix });
    await batch(store, first, "a");
    const dayLater = events(
      records.slice(22).map((record) => ({ ...record, eventTime: new Date(Date.parse(record.eventTime as string) + 25 * 3600_000).toISOString() })),
      "AWSLogs/late.json.gz",
    );
    expect(await batch(store, dayLater, "late")).toEqual([]);
    const redis = connect();
    const key = `${prefix}{111122223333}:signals`;
    const fields = await redis.hkeys(key);
    expect(fields.filter((field) => field.startsWith("s|"))).toHaveLength(2);
    expect(fields.filter((field) => field.startsWith("c|"))).toHaveLength(1);
    expect(await redis.pttl(key)).toBeGreaterThan(settings.windowMs);
    // The sorted sets that index the hash drop the same fields and expire with it.
    expect((await redis.zrange(`${key}:times`, 0, -1)).sort()).toEqual(fields.filter((field) => field.startsWith("s|") || field.startsWith("c|")).sort());
    expect(await redis.zcard(`${key}:versions`)).toBe(2);
    expect(await redis.pttl(`${key}:versions`)).toBeGreaterThan(settings.windowMs);
  });

  it("starts afresh on a key of the layout before its sorted sets", async () => {
    const prefix = `${PREFIX}layout:`;
    const redis = connect();
    const key = `${prefix}{111122223333}:signals`;
    await redis.hset(key, "e", "0123456789abcdef", "#", "7", "s|stale", `1:${Date.now()}:1:{}`);
    const store = new RedisSequenceStore(connect(), settings, { prefix });
    await batch(store, first, "a");
    const fields = await redis.hkeys(key);
    expect(fields).not.toContain("s|stale");
    expect(await redis.hget(key, "#")).toBe("1");
    expect(await redis.zcard(`${key}:versions`)).toBe(fields.filter((field) => field.startsWith("s|")).length);
  });

  it("keeps at most maxSignalsPerAccount signals, and a batch past the cap still counts its own", async () => {
    const prefix = `${PREFIX}cap:`;
    const capped = sequenceSettings({ maxSignalsPerAccount: 3 });
    const store = new RedisSequenceStore(connect(), capped, { prefix });
    const all = events(records, "AWSLogs/all.json.gz");
    const raised = await detectSequences(store, all, engine.detect(all, context), contributionId("s", "all", 0), { ...options, settings: capped });
    expect(raised.map((c) => c.meta.type)).toEqual(["AttackSequence:IAM/CompromisedCredentials"]);
    const fields = await connect().hkeys(`${prefix}{111122223333}:signals`);
    expect(fields.filter((field) => field.startsWith("s|"))).toHaveLength(3);
  });

  it("keeps the earlier copy of a signal whichever worker stored first, and orders decisions by number within an epoch", async () => {
    const copy = (firstSeen: number, summary: string): Signal => ({
      id: "step", type: "CLOUD_TRAIL", name: "step", tactic: "Discovery", stage: 1, severity: 1, accountId: "111122223333", region: "eu-west-1",
      firstSeen, lastSeen: firstSeen + 60_000, count: 1, summary, actor: {}, resources: [], eventIds: [], object: summary,
    });
    const early = copy(Date.parse("2026-03-01T12:00:00Z"), "early");
    const late = copy(Date.parse("2026-03-01T12:30:00Z"), "late");
    const kept = async (name: string, first: Signal, second: Signal) => {
      const [workerA, workerB] = [new RedisSequenceStore(connect(), settings, { prefix: `${PREFIX}copies-${name}:` }), new RedisSequenceStore(connect(), settings, { prefix: `${PREFIX}copies-${name}:` })];
      const one = (await workerA.merge([first], "1")).get("111122223333")!;
      const two = (await workerB.merge([second], "2")).get("111122223333")!;
      // Worker A's mirror learns the replaced copy too.
      const three = (await workerA.merge([{ ...copy(early.firstSeen, "other"), id: "other" }], "3")).get("111122223333")!;
      expect(one.order < two.order && two.order < three.order).toBe(true);
      return { touched: !("step" in two.before), seen: two.merged.step.summary, kept: three.merged.step.summary };
    };
    expect(await kept("late-first", late, early)).toEqual({ touched: true, seen: "early", kept: "early" });
    expect(await kept("early-first", early, late)).toEqual({ touched: false, seen: "early", kept: "early" });
  });
});
