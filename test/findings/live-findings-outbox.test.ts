import { Redis } from "ioredis";
import { Client } from "pg";
import { upsertFindings } from "../../src/db/findings/finding-upserts";
import { LISTENER_APPLICATION_NAME } from "../../src/db/findings/finding-event-listener";
import type { Finding } from "../../src/detection/findings/types";
import { pubSubConnectionName } from "../../src/realtime/pubsub";
import { FindingEventReader } from "../../src/services/findings/finding-event-reader";
import { LiveFindingAccess } from "../../src/services/findings/live-finding-access";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";
import type { TestApp } from "../support/app";
import { TEST_REDIS_URL } from "../support/env";
import { syntheticFinding } from "./support/findings";
import { startLiveApp } from "./support/live-app";
import { type LiveSubscription, subscribeToFindings, waitFor } from "./support/subscriptions";

/**
 * Live notifications go through PostgreSQL (issue 22): written with the findings, read by the API
 * after its cursor. Redis losing everything under the install's prefix, or its pub/sub connections,
 * while findings are written delays nothing and drops nothing; nor does a lost LISTEN connection.
 */
describe("live findings through the PostgreSQL notification log", () => {
  let app: TestApp & { feedErrors: unknown[] };
  let redis: Redis;
  let admin: TestAccount;
  let member: TestAccount;
  let outsider: TestAccount;
  let serial = 0;
  const open: LiveSubscription[] = [];

  const subscribe = async (caller: TestAccount) => {
    const before = app.services.findingFeed.subscriberCount;
    const subscription = subscribeToFindings(app.wsUrl, caller.key, { d: caller.detectorId, c: null });
    open.push(subscription);
    await waitFor(() => app.services.findingFeed.subscriberCount > before || subscription.errors.length > 0, 5_000, "the subscription to open");
    return subscription;
  };

  /** New findings of the account, each distinct across the file. */
  const fresh = (account: TestAccount, count: number) => Array.from({ length: count }, () => syntheticFinding(account.detectorId, account.accountId, serial++));

  /** Written as the pipeline writes them, and announced nowhere: no FINDINGS_UPSERTED through Redis. */
  const write = (findings: Finding[]) => app.database.db.$transaction((tx) => upsertFindings(tx, findings, new Set()));

  const later = (finding: Finding): Finding => ({ ...finding, updatedAt: new Date(Date.parse(finding.updatedAt) + 60_000).toISOString() });

  /** Every key of this install in Redis deleted, as a Redis restarted without persistence would leave it. */
  const deleteEveryKey = async () => {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${app.queuePrefix}:*`, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  };

  /** Closes this API's pub/sub connections from the server side; ioredis opens them again. */
  const dropPubSubConnections = async () => {
    const names = [pubSubConnectionName(app.queuePrefix, "publish"), pubSubConnectionName(app.queuePrefix, "subscribe")];
    const clients = ((await redis.client("LIST")) as string).split("\n").filter((line) => names.some((name) => line.includes(` name=${name} `)));
    expect(clients).toHaveLength(2);
    for (const line of clients) await redis.client("KILL", "ID", /\bid=(\d+)/.exec(line)![1]);
  };

  /** Ends this API's LISTEN connection from the server side, as a PostgreSQL restart or failover would. */
  const terminateListener = async () => {
    const client = new Client({ connectionString: app.database.url });
    await client.connect();
    try {
      const { rowCount } = await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [LISTENER_APPLICATION_NAME]);
      expect(rowCount).toBe(1);
    } finally {
      await client.end();
    }
  };

  const changes = (subscription: LiveSubscription) => subscription.received.map((e) => `${e.change} ${e.finding.id}`);

  beforeAll(async () => {
    app = await startLiveApp({ recheckMs: 60_000 });
    redis = new Redis(TEST_REDIS_URL);
    [admin, member, outsider] = await Promise.all(["350000000001", "350000000002", "350000000003"].map((id) => accountWithDetector(app, id)));
    await associate(app, admin, member);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
    await waitFor(() => app.services.findingFeed.subscriberCount === 0, 5_000, "subscriptions to end");
  });
  afterAll(async () => {
    await redis.quit();
    await app.close();
  });

  it("pushes every finding exactly once while Redis loses every key of the install and its pub/sub connections; another account gets none", async () => {
    const adminFeed = await subscribe(admin);
    const memberFeed = await subscribe(member);
    const outsiderFeed = await subscribe(outsider);
    const expected: string[] = [];
    const stored: Finding[] = [];
    for (let round = 0; round < 12; round++) {
      if (round === 3 || round === 8) await Promise.all([deleteEveryKey(), dropPubSubConnections()]);
      const created = fresh(member, 3);
      const updated = round > 0 ? [later(stored[round - 1])] : [];
      const written = await write([...created, ...updated]);
      // The store writes a transaction's findings in id order; the log keeps that order.
      expected.push(...written.map((f) => `${f.created ? "CREATED" : "UPDATED"} ${f.id}`));
      stored.push(created[0]);
    }
    // Archive and feedback go through the API, which writes the log in the same statement.
    await deleteEveryKey();
    const archived = await app.gql(`mutation($d: ID!, $ids: [String!]!) { archiveFindings(detectorId: $d, findingIds: $ids) }`, { d: admin.detectorId, ids: [stored[0].id] }, admin.key);
    const feedback = await app.gql(`mutation($d: ID!, $ids: [String!]!) { updateFindingsFeedback(detectorId: $d, findingIds: $ids, feedback: USEFUL) }`, { d: admin.detectorId, ids: [stored[1].id] }, admin.key);
    expect([archived.errors, feedback.errors]).toEqual([undefined, undefined]);
    expected.push(`UPDATED ${stored[0].id}`, `UPDATED ${stored[1].id}`);

    await waitFor(() => adminFeed.received.length >= expected.length && memberFeed.received.length >= expected.length, 10_000, "every finding on the subscriptions");
    // Long enough for a duplicate from a catch-up read (every 2 s) to show up.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(changes(adminFeed)).toEqual(expected);
    expect(changes(memberFeed)).toEqual(expected);
    expect(adminFeed.received.find((e) => e.finding.id === stored[0].id && e.finding.archived)).toBeDefined();
    expect(outsiderFeed.received).toEqual([]);
    expect([adminFeed, memberFeed, outsiderFeed].flatMap((s) => s.errors)).toEqual([]);
    expect(app.feedErrors).toEqual([]);
    expect((await app.services.findingFeed.stats()).backlog).toBe(0);
  }, 60_000);

  it("catches up from PostgreSQL, each finding once, when its LISTEN connection is lost while findings are written", async () => {
    const adminFeed = await subscribe(admin);
    const before = await app.services.findingFeed.stats();
    const findings = fresh(admin, 6);
    await write(findings.slice(0, 2));
    await waitFor(() => adminFeed.received.length === 2, 5_000, "the first findings");
    await terminateListener();
    // Written while the reader has no LISTEN: no NOTIFY reaches it; it reads them when it listens again.
    for (const finding of findings.slice(2)) await write([finding]);
    await waitFor(() => adminFeed.received.length >= 6, 10_000, "the findings written without a listener");
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(adminFeed.received.map((e) => e.finding.id)).toEqual(findings.map((f) => f.id));
    const after = await app.services.findingFeed.stats();
    expect(after.listenerReconnects).toBe(before.listenerReconnects + 1);
    expect(after.eventsRead - before.eventsRead).toBe(6);
    expect(app.feedErrors.length).toBeLessThanOrEqual(1); // the lost connection itself, reported
  }, 30_000);

  it("pushes the findings of a transaction that commits after a later one, and those of a transaction running when the subscription opened", async () => {
    const [early, late, running] = [fresh(admin, 1), fresh(admin, 1), fresh(admin, 1)];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    // Takes its log id now, before the subscription exists, and commits after everything else.
    const slow = app.database.db.$transaction(async (tx) => {
      await upsertFindings(tx, running, new Set());
      wrote();
      await held;
    }, { timeout: 20_000 });
    await written;
    const adminFeed = await subscribe(admin);
    let releaseEarly!: () => void;
    const heldEarly = new Promise<void>((resolve) => (releaseEarly = resolve));
    let wroteEarly!: () => void;
    const writtenEarly = new Promise<void>((resolve) => (wroteEarly = resolve));
    // Takes the lower id, commits after `late` (the higher id) was read.
    const first = app.database.db.$transaction(async (tx) => {
      await upsertFindings(tx, early, new Set());
      wroteEarly();
      await heldEarly;
    }, { timeout: 20_000 });
    await writtenEarly;
    await write(late);
    await waitFor(() => adminFeed.received.length === 1, 5_000, "the later transaction's finding");
    releaseEarly();
    await first;
    await waitFor(() => adminFeed.received.length === 2, 5_000, "the earlier transaction's finding");
    release();
    await slow;
    await waitFor(() => adminFeed.received.length === 3, 5_000, "the finding of the transaction running at subscription");
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(adminFeed.received.map((e) => e.finding.id)).toEqual([late[0].id, early[0].id, running[0].id]);
  }, 30_000);

  it("counts what a reader has not read yet and how old the oldest of it is (the relay lag /metrics shows)", async () => {
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    const handled: string[] = [];
    const errors: unknown[] = [];
    const reader = new FindingEventReader(
      new LiveFindingAccess(app.database.db, app.services.findings),
      async (events) => {
        handled.push(...events.map((e) => e.findingId));
        await blocked;
      },
      { catchUpMs: 60_000, awaitCommitMs: 60_000, report: (error) => errors.push(error) },
    );
    await reader.start();
    try {
      const [first, queued] = [fresh(admin, 1), fresh(admin, 2)];
      await write(first);
      await waitFor(() => handled.length === 1, 5_000, "the first read");
      // The reader is busy with the first event: these two wait in the log.
      await write(queued);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const backlog = await reader.backlog();
      expect(backlog.events).toBe(2);
      expect(backlog.lagSeconds).toBeGreaterThanOrEqual(0.2);
      unblock();
      await waitFor(() => handled.length === 3, 5_000, "the queued events");
      expect(await reader.backlog()).toEqual({ events: 0, lagSeconds: 0 });
      expect(handled).toEqual([...first, ...queued].map((f) => f.id));
      expect(errors).toEqual([]);
    } finally {
      await reader.stop();
    }
  });
});
