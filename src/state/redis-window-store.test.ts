import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { createEngine } from "../detection/engine/engine.js";
import { SEVERITY, type FindingCandidate, type FindingTypeMeta, type WindowedRule } from "../detection/engine/types.js";
import type { FlowEvent } from "../detection/events.js";
import { testContext } from "../detection/testing/cloudtrail.js";
import { detectWindows } from "../detection/state/window-detection.js";
import { RedisWindowStore } from "./redis-window-store.js";
import { contributionId } from "../detection/state/window-store.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `vigil-test-windows-${randomBytes(6).toString("hex")}:`;

const META: FindingTypeMeta = {
  type: "Test:EC2/Count",
  severity: SEVERITY.LOW,
  dataSource: "VPC_FLOW_LOGS",
  method: "RULE",
  resourceType: "Instance",
  resourceRole: "TARGET",
  title: "t",
  description: "d",
  mitre: { tactic: "x", technique: "y" },
  aggregation: "account + address",
};

// Counts records per source address and minute; raises at 5. The partial is a plain count, so a
// double-counted contribution shows at once.
const counting: WindowedRule<FlowEvent, number> = {
  id: "counting",
  kind: "flow",
  findingTypes: [META],
  windowMs: 60_000,
  accumulate(event, _context, partials) {
    const key = `${event.time - (event.time % 60_000)}|${event.accountId}|${event.srcAddr}`;
    partials.set(key, (partials.get(key) ?? 0) + 1);
  },
  merge: (a, b) => a + b,
  decide(key, merged, _context, emit) {
    if (merged < 5) return;
    const candidate: FindingCandidate = {
      meta: META,
      severity: META.severity,
      accountId: key.split("|")[1],
      region: "eu-west-1",
      aggregationKey: key,
      time: Number(key.split("|")[0]),
      resource: { resourceType: "Instance" },
      action: { actionType: "NETWORK_CONNECTION", connectionDirection: "INBOUND", protocol: "TCP", blocked: false, remoteIp: key.split("|")[2] },
      templateValues: {},
      source: { object: "o" },
    };
    emit(candidate);
  },
};

function flows(count: number, account = "111122223333", srcAddr = "198.51.100.7"): FlowEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: "flow",
    time: 1_700_000_040_000 + i,
    end: 1_700_000_040_000 + i,
    accountId: account,
    version: 2,
    srcAddr,
    extra: {},
    origin: { object: "o", line: i + 1 },
  }));
}

describe("RedisWindowStore", () => {
  const engine = createEngine([], [counting]);
  const context = testContext();
  let first: Redis;
  let second: Redis;

  beforeAll(() => {
    first = new Redis(REDIS_URL);
    second = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    let cursor = "0";
    do {
      const [next, keys] = await first.scan(cursor, "MATCH", `${PREFIX}*`, "COUNT", 1000);
      if (keys.length) await first.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    await first.quit();
    await second.quit();
  });

  function store(redis: Redis, name: string, options = {}): RedisWindowStore {
    return new RedisWindowStore(redis, engine.windowedRules, { prefix: `${PREFIX}${name}:`, ...options });
  }

  function partials(events: FlowEvent[]) {
    return engine.detectBatch(events, context).windowPartials;
  }

  it("merges batches from several workers into the same values as one worker, in one key per window", async () => {
    const one = store(first, "one");
    const a = store(first, "shared");
    const b = store(second, "shared");
    for (const [index, size] of [2, 1, 3].entries()) await one.merge(partials(flows(size)), `solo#${index}`);
    await Promise.all([a.merge(partials(flows(2)), "x#0"), b.merge(partials(flows(1)), "y#0")]);
    const last = await b.merge(partials(flows(3)), "z#0");
    const alone = await one.merge(partials(flows(1)), "solo#3");
    const both = await a.merge(partials(flows(1)), "x#1");
    expect([...last.merged.get("counting")!.values()]).toEqual([6]);
    expect([...both.merged.get("counting")!.values()]).toEqual([...alone.merged.get("counting")!.values()]);
    expect(await first.keys(`${PREFIX}shared:*`)).toHaveLength(1);
  });

  it("does not count a retried contribution twice, and shows the retry what its first run saw", async () => {
    const windows = store(first, "retry");
    const firstRun = await windows.merge(partials(flows(3)), "obj#0");
    await windows.merge(partials(flows(4)), "other#0");
    const retry = await windows.merge(partials(flows(3)), "obj#0");
    expect(retry).toEqual(firstRun);
    const later = await windows.merge(partials(flows(1)), "later#0");
    expect([...later.merged.get("counting")!.values()]).toEqual([8]);
    expect([...later.before.get("counting")!.values()]).toEqual([7]);
  });

  it("keeps each account's keys in its own cluster slot and expires them a little after their window", async () => {
    const windows = store(first, "ttl", { lateArrivalMs: 30_000 });
    await windows.merge(partials([...flows(1, "111122223333"), ...flows(1, "444455556666")]), "obj#0");
    const keys = (await first.keys(`${PREFIX}ttl:*`)).sort();
    expect(keys.map((key) => key.slice(`${PREFIX}ttl:`.length).split("}")[0])).toEqual(["{111122223333", "{444455556666"]);
    for (const key of keys) {
      const ttl = await first.pttl(key);
      expect(ttl).toBeGreaterThan(60_000);
      expect(ttl).toBeLessThanOrEqual(90_000);
    }
  });

  it("stops storing a key's contributions at the cap, still merging the batch's own partial", async () => {
    const windows = store(first, "cap", { maxContributionsPerKey: 2 });
    await windows.merge(partials(flows(1)), "a#0");
    await windows.merge(partials(flows(1)), "b#0");
    const over = await windows.merge(partials(flows(5)), "c#0");
    expect([...over.merged.get("counting")!.values()]).toEqual([7]);
    expect([...over.before.get("counting")!.values()]).toEqual([2]);
    const [key] = await first.keys(`${PREFIX}cap:*`);
    expect(await first.hlen(key)).toBe(3);
  });

  it("raises a window's finding in the batch that crosses the threshold, again on a retry of that batch, and not in later batches", async () => {
    const windows = store(first, "crossing");
    const run = (count: number, object: string, batch: number) =>
      detectWindows(engine, windows, partials(flows(count)), contributionId("source-1", object, batch), context);
    expect(await run(3, "a.log.gz", 0)).toEqual([]);
    const crossing = await run(3, "b.log.gz", 0);
    expect(crossing.map((candidate) => candidate.meta.type)).toEqual(["Test:EC2/Count"]);
    expect(await run(2, "c.log.gz", 0)).toEqual([]);
    expect(await run(3, "b.log.gz", 0)).toEqual(crossing);
    expect(await run(1, "a.log.gz", 1)).toEqual([]);
  });

  it("makes no round trip for a batch without windowed partials", async () => {
    const windows = store(first, "empty");
    expect(await detectWindows(engine, windows, new Map([["counting", new Map()]]), "x#0", context)).toEqual([]);
    expect(await first.keys(`${PREFIX}empty:*`)).toEqual([]);
  });
});
