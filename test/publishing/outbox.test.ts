import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { createLogger } from "../../src/logger";
import { upsertFindings } from "../../src/db/findings/finding-upserts";
import { PublishQueue } from "../../src/queues/publish";
import { type RunningPublishWorker, startPublishWorker } from "../../workers/publish";
import { accountWithDetector, type TestAccount } from "../support/accounts";
import type { TestApp } from "../support/app";
import { TEST_REDIS_URL } from "../support/env";
import { freshQueuePrefix } from "../support/queues";
import { syntheticFinding } from "../findings/support/findings";
import { startLiveApp } from "../findings/support/live-app";
import { waitFor } from "../findings/support/subscriptions";

const LOCAL = { policy: { allowHttp: true, allowPrivateAddresses: true }, timeoutMs: 2_000 };
const CREATE = `mutation($d: ID!, $url: String!) {
  createPublishingDestination(detectorId: $d, destinationType: WEBHOOK, webhook: {url: $url}) { destination { destinationId } } }`;
const LEASE_MS = 1_500;

/** A webhook receiver that counts each Idempotency-Key it accepts, answering after `delayMs` with `status`. */
async function countingReceiver(delayMs: number) {
  const accepted = new Map<string, number>();
  let status = 200;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () =>
      setTimeout(() => {
        const key = String(req.headers["idempotency-key"]);
        if (status === 200) accepted.set(key, (accepted.get(key) ?? 0) + 1);
        res.writeHead(status).end();
      }, delayMs),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    accepted,
    answer: (next: number) => void (status = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Deletes every key under the prefix: Redis restarted without persistence, as far as this install can tell. */
async function loseRedis(prefix: string): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL);
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    await redis.quit();
  }
  return deleted;
}

describe("the publishing outbox", () => {
  let app: TestApp;
  let queues: ReturnType<typeof freshQueuePrefix>;
  let publishing: RunningPublishWorker | undefined;
  let n = 1_000;
  const receivers: Array<{ close(): Promise<void> }> = [];
  const receiver = async (delayMs: number) => {
    const started = await countingReceiver(delayMs);
    receivers.push(started);
    return started;
  };

  const write = (account: TestAccount, count: number) => {
    const findings = Array.from({ length: count }, () => syntheticFinding(account.detectorId, account.accountId, n++));
    return app.database.db.$transaction((tx) => upsertFindings(tx, findings, new Set()));
  };
  const deliveries = (destinationId: string) =>
    app.database.db.findingDelivery.findMany({ where: { destinationId }, select: { id: true, status: true, attempts: true } });

  beforeAll(async () => {
    app = await startLiveApp({}, LOCAL);
    queues = freshQueuePrefix();
  });
  afterEach(async () => {
    await publishing?.stopFollowingFindings();
    await publishing?.worker.close();
    publishing = undefined;
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    await queues.cleanup();
    await app.close();
  });

  it("writes a delivery per new finding and destination in the findings' transaction, and none for a suppressed one", async () => {
    const account = await accountWithDetector(app, "390000000001");
    const hook = await receiver(0);
    const created = await app.gql(CREATE, { d: account.detectorId, url: hook.url }, account.key);
    const destinationId = created.data!.createPublishingDestination.destination.destinationId;
    const [kept, suppressed] = [syntheticFinding(account.detectorId, account.accountId, n++), syntheticFinding(account.detectorId, account.accountId, n++)];
    await expect(
      app.database.db.$transaction(async (tx) => {
        await upsertFindings(tx, [kept], new Set());
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await deliveries(destinationId)).toHaveLength(0);
    await app.database.db.$transaction((tx) => upsertFindings(tx, [kept, suppressed], new Set([suppressed.id])));
    // A second occurrence of the same finding is an update, not another delivery.
    await app.database.db.$transaction((tx) => upsertFindings(tx, [kept], new Set()));
    const rows = await app.database.db.findingDelivery.findMany({ where: { destinationId } });
    expect(rows.map((row) => [row.findingId, row.status])).toEqual([[kept.id, "PENDING"]]);
    // Deleting the destination takes its deliveries with it (and out of the next tests' way).
    await app.gql(`mutation($d: ID!, $id: ID!) { deletePublishingDestination(detectorId: $d, destinationId: $id) }`, { d: account.detectorId, id: destinationId }, account.key);
    expect(await deliveries(destinationId)).toHaveLength(0);
  });

  it("delivers every pending webhook exactly once when Redis loses every key, queued and mid-delivery", async () => {
    const [first, second] = await Promise.all(["390000000002", "390000000003"].map((id) => accountWithDetector(app, id)));
    const hooks = [await receiver(60), await receiver(60)];
    const destinationIds: string[] = [];
    for (const [i, account] of [first, second].entries()) {
      const created = await app.gql(CREATE, { d: account.detectorId, url: hooks[i].url }, account.key);
      destinationIds.push(created.data!.createPublishingDestination.destination.destinationId);
    }
    await write(first, 20);
    await write(second, 20);

    // Claimed and queued, then Redis loses the jobs before any worker takes them.
    const producer = new PublishQueue(queues, { attempts: 1, backoffMs: 50 });
    const claims = await app.services.publisher.claimDueDeliveries(LEASE_MS);
    expect(claims.map((c) => c.destinationId).sort()).toEqual([...destinationIds].sort());
    await producer.enqueueDeliveries(claims);
    await producer.close();
    expect(await loseRedis(queues.queuePrefix)).toBeGreaterThan(0);

    publishing = await startPublishWorker(app.services.publisher, app.services.pubSub, queues, { attempts: 3, backoffMs: 50, sweepSeconds: 3600, leaseMs: LEASE_MS, relayEveryMs: 200 }, createLogger("silent"));
    // As the worker pool does: a job whose keys vanished cannot be moved to finished, which is reported, not fatal.
    const workerErrors: Error[] = [];
    publishing.worker.on("error", (error) => workerErrors.push(error));
    // Once the lost claims' lease is over the relay queues them again; Redis is lost again while they go out.
    await waitFor(() => hooks.every((r) => r.accepted.size >= 3), 10_000, "deliveries under way");
    expect(hooks.some((r) => r.accepted.size < 20)).toBe(true);
    await loseRedis(queues.queuePrefix);

    await waitFor(() => hooks.every((r) => r.accepted.size === 20), 20_000, "every delivery");
    await new Promise((resolve) => setTimeout(resolve, 2 * LEASE_MS)); // room for a duplicate to show up
    for (const [i, destinationId] of destinationIds.entries()) {
      const rows = await deliveries(destinationId);
      expect(rows.every((row) => row.status === "DELIVERED")).toBe(true);
      expect(new Set(hooks[i].accepted.keys())).toEqual(new Set(rows.map((row) => row.id)));
      expect([...hooks[i].accepted.values()].every((times) => times === 1)).toBe(true);
    }
    // The jobs under way when Redis was lost could not be finished in Redis: what was sent is known from PostgreSQL.
    expect(workerErrors.every((error) => /Missing key for job/.test(error.message))).toBe(true);
  });

  it("gives up into dead letters the API lists and replays, audited, with the same Idempotency-Key", async () => {
    const account = await accountWithDetector(app, "390000000004");
    const other = await accountWithDetector(app, "390000000005");
    const hook = await receiver(0);
    hook.answer(503);
    const created = await app.gql(CREATE, { d: account.detectorId, url: hook.url }, account.key);
    const destinationId = created.data!.createPublishingDestination.destination.destinationId;
    publishing = await startPublishWorker(app.services.publisher, app.services.pubSub, queues, { attempts: 2, backoffMs: 50, sweepSeconds: 3600, leaseMs: LEASE_MS, relayEveryMs: 100 }, createLogger("silent"));
    await write(account, 3);

    const LIST = `query($d: ID!, $id: ID) { listFailedDeliveries(detectorId: $d, destinationId: $id, first: 2) { deliveries { deliveryId findingId attempts lastError } nextCursor } }`;
    const dead = async () => (await deliveries(destinationId)).filter((row) => row.status === "DEAD").length;
    for (let i = 0; i < 100 && (await dead()) < 3; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const listed = (await app.gql(LIST, { d: account.detectorId, id: destinationId }, account.key)).data?.listFailedDeliveries;
    const LIST_AFTER = `query($d: ID!, $a: String) { listFailedDeliveries(detectorId: $d, after: $a) { deliveries { deliveryId } nextCursor } }`;
    const restAnswer = await app.gql(LIST_AFTER, { d: account.detectorId, a: listed.nextCursor }, account.key);
    expect(restAnswer.errors).toBeUndefined();
    const rest = restAnswer.data?.listFailedDeliveries;
    expect(rest).toEqual({ deliveries: [expect.objectContaining({ deliveryId: expect.any(String) })], nextCursor: null });
    expect(listed.deliveries).toHaveLength(2);
    expect(listed.deliveries[0]).toMatchObject({ attempts: 2, lastError: expect.stringContaining("HTTP 503") });
    expect((await app.gql(`query($d: ID!) { describePublishingDestination(detectorId: $d, destinationId: "${destinationId}") { status } }`, { d: account.detectorId }, account.key)).data?.describePublishingDestination.status).toBe(
      "UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY",
    );

    // Another account sees none of them and replays none of them.
    const foreign = await app.gql(LIST, { d: other.detectorId, id: destinationId }, other.key);
    expect(foreign.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const stolen = await app.gql(`mutation($d: ID!, $id: ID!) { replayDelivery(detectorId: $d, deliveryId: $id) }`, { d: other.detectorId, id: listed.deliveries[0].deliveryId }, other.key);
    expect(stolen.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const garbage = await app.gql(`mutation($d: ID!, $id: ID!) { replayDelivery(detectorId: $d, deliveryId: $id) }`, { d: account.detectorId, id: "'; DROP TABLE findings; --" }, account.key);
    expect(garbage.errors?.[0].extensions?.code).toBe("NOT_FOUND");

    hook.answer(200);
    const one = await app.gql(`mutation($d: ID!, $id: ID!) { replayDelivery(detectorId: $d, deliveryId: $id) }`, { d: account.detectorId, id: listed.deliveries[0].deliveryId }, account.key);
    expect(one.data?.replayDelivery).toBe(true);
    await waitFor(() => hook.accepted.size === 1, 5_000, "the replayed delivery");
    expect([...hook.accepted.keys()]).toEqual([listed.deliveries[0].deliveryId]);
    const all = await app.gql(`mutation($d: ID!, $id: ID!) { replayFailedDeliveries(detectorId: $d, destinationId: $id) }`, { d: account.detectorId, id: destinationId }, account.key);
    expect(all.data?.replayFailedDeliveries).toBe(2);
    await waitFor(() => hook.accepted.size === 3, 5_000, "every replayed delivery");
    expect((await app.gql(LIST, { d: account.detectorId, id: null }, account.key)).data?.listFailedDeliveries.deliveries).toEqual([]);

    const audit = await app.database.db.auditEvent.findMany({ where: { operation: { in: ["replayDelivery", "replayFailedDeliveries"] } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((event) => [event.operation, event.targetId])).toEqual([
      ["replayDelivery", listed.deliveries[0].deliveryId],
      ["replayFailedDeliveries", destinationId],
    ]);
  });
});
