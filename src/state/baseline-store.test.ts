import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { TEST_REDIS_URL } from "../../test/support/env";
import { dayOf, type EntityUpdate } from "../detection/baselines/state/profile.js";
import { RedisBaselineStore } from "./redis-baseline-store.js";
import { baselineSettings, DAY_MS } from "../detection/baselines/state/settings.js";
import { entityKey, MemoryBaselineStore, type BaselineStore } from "../detection/baselines/state/store.js";

const T0 = Date.UTC(2026, 2, 1, 10);
const ALICE = entityKey("111122223333", "principal", "arn:aws:iam::111122223333:user/alice");
const WEB = entityKey("111122223333", "instance", "i-0123456789abcdef0");
const settings = baselineSettings({ caps: { api: 3 } as never, volumeHistogramCap: 8 });

function apiUpdate(key: string, api: string, time: number): EntityUpdate {
  return { key, first: time, last: time, values: [["api", api, { first: time, last: time, days: [dayOf(time)] }]], volume: [] };
}

const redis = new Redis(TEST_REDIS_URL);
const prefix = `vigil-test-baseline-${randomBytes(6).toString("hex")}:`;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const stores: Array<[string, () => BaselineStore]> = [
  ["memory", () => new MemoryBaselineStore(settings)],
  ["redis", () => new RedisBaselineStore(redis, settings, `${prefix}${randomBytes(4).toString("hex")}:`)],
];

describe.each(stores)("%s baseline store", (_name, makeStore) => {
  it("learns first/last sightings and counts each day once", async () => {
    const store = makeStore();
    await store.learn([apiUpdate(ALICE, "iam:ListUsers", T0)], "object-1#0");
    await store.learn([apiUpdate(ALICE, "iam:ListUsers", T0 + 3_600_000)], "object-2#0");
    await store.learn([apiUpdate(ALICE, "iam:ListUsers", T0 + 2 * DAY_MS)], "object-3#0");
    const profile = (await store.read({ entities: [ALICE], hourly: [] })).profile(ALICE)!;
    expect(profile.value("api", "iam:ListUsers")).toEqual({ first: T0, last: T0 + 2 * DAY_MS, days: 2 });
    expect([profile.first, profile.last]).toEqual([T0, T0 + 2 * DAY_MS]);
    expect(profile.seenBefore("api", "iam:ListUsers", T0)).toBe(false);
    expect(profile.seenBefore("api", "iam:ListUsers", T0 + 1)).toBe(true);
  });

  it("applies a learn id once, so a retried object does not learn twice", async () => {
    const store = makeStore();
    expect(await store.learn([apiUpdate(ALICE, "s3:ListBuckets", T0)], "object-1#0")).toBe(true);
    expect(await store.learn([apiUpdate(ALICE, "s3:ListBuckets", T0 + DAY_MS)], "object-1#0")).toBe(false);
    const profile = (await store.read({ entities: [ALICE], hourly: [] })).profile(ALICE)!;
    expect(profile.value("api", "s3:ListBuckets")).toEqual({ first: T0, last: T0, days: 1 });
  });

  it("caps a dimension: stale values age out, a map full of fresh values is marked saturated", async () => {
    const store = makeStore();
    const old = T0 - 200 * DAY_MS;
    await store.learn([apiUpdate(ALICE, "a:Old", old)], "1");
    const both = apiUpdate(ALICE, "a:One", T0);
    both.values.push(["api", "a:Two", { first: T0, last: T0, days: [dayOf(T0)] }]);
    await store.learn([both], "2");
    await store.learn([apiUpdate(ALICE, "a:Three", T0 + 1)], "3");
    let profile = (await store.read({ entities: [ALICE], hourly: [] })).profile(ALICE)!;
    expect(profile.values("api").map(([value]) => value).sort()).toEqual(["a:One", "a:Three", "a:Two"]);
    expect(profile.saturated("api")).toBe(false);
    await store.learn([apiUpdate(ALICE, "a:Four", T0 + 2)], "4");
    profile = (await store.read({ entities: [ALICE], hourly: [] })).profile(ALICE)!;
    expect(profile.value("api", "a:Four")).toBeUndefined();
    expect(profile.saturated("api")).toBe(true);
  });

  it("keeps bytes per host and hour, and a histogram with one sample per (host, hour)", async () => {
    const store = makeStore();
    const hour = Math.floor(T0 / 3_600_000);
    const volume = (host: string, bytes: number, h = hour): EntityUpdate => ({ key: WEB, first: T0, last: T0, values: [], volume: [{ host, hour: h, bytes }] });
    await store.learn([volume("203.0.113.5", 1000)], "a");
    await store.learn([volume("203.0.113.5", 3000)], "b");
    await store.learn([volume("203.0.113.9", 10)], "c");
    const snapshot = await store.read({ entities: [WEB], hourly: [{ entity: WEB, host: "203.0.113.5", hour }] });
    expect(snapshot.hourlyTotal(WEB, "203.0.113.5", hour)).toBe(4000);
    expect(snapshot.hourlyTotal(WEB, "198.51.100.1", hour)).toBe(0);
    const { buckets, total } = snapshot.profile(WEB)!.histogram();
    expect(total).toBe(2);
    expect([buckets[11], buckets[9], buckets[3]]).toEqual([1, 0, 1]);
  });
});

describe("memory and Redis stores", () => {
  it("end in the same state after the same random updates", async () => {
    const memory = new MemoryBaselineStore(settings);
    const shared = new RedisBaselineStore(redis, settings, `${prefix}same:`);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const hour = Math.floor(T0 / 3_600_000);
    for (let batch = 0; batch < 40; batch++) {
      const time = T0 + Math.floor(random() * 120) * 3_600_000 - 100 * DAY_MS * Math.round(random() * 0.6);
      const updates: EntityUpdate[] = [
        apiUpdate(ALICE, `api:${Math.floor(random() * 6)}`, time),
        { key: WEB, first: time, last: time, values: [["port", String(Math.floor(random() * 5)), { first: time, last: time, days: [dayOf(time)] }]], volume: [{ host: `h${Math.floor(random() * 3)}`, hour: hour + Math.floor(random() * 2), bytes: Math.floor(random() * 2 ** 30) }] },
      ];
      expect(await shared.learn(updates, `batch-${batch}`)).toBe(await memory.learn(updates, `batch-${batch}`));
    }
    const reads = { entities: [ALICE, WEB], hourly: [0, 1, 2].map((h) => ({ entity: WEB, host: `h${h}`, hour })) };
    const [a, b] = [await memory.read(reads), await shared.read(reads)];
    for (const key of [ALICE, WEB]) {
      const [pa, pb] = [a.profile(key)!, b.profile(key)!];
      expect([pb.first, pb.last, pb.histogram()]).toEqual([pa.first, pa.last, pa.histogram()]);
      for (const dimension of ["api", "port"] as const) {
        expect(new Map(pb.values(dimension))).toEqual(new Map(pa.values(dimension)));
        expect(pb.saturated(dimension)).toBe(pa.saturated(dimension));
      }
    }
    for (const read of reads.hourly) expect(b.hourlyTotal(read.entity, read.host, read.hour)).toBe(a.hourlyTotal(read.entity, read.host, read.hour));
  });

  it("gives every Redis key a time to live", async () => {
    const keys = await redis.keys(`${prefix}same:*`);
    expect(keys.length).toBeGreaterThan(3);
    for (const key of keys) expect([key, (await redis.pttl(key)) > 0]).toEqual([key, true]);
  });
});
