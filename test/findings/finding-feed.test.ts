import { FindingFeed } from "../../src/services/findings/finding-feed";
import type { FindingDelivery } from "../../src/services/findings/finding-subscriber";
import { createRedisPubSub, type RunningPubSub } from "../../src/realtime/pubsub";
import { type AccountActor } from "../../src/services/actor";
import { LiveFindingAccess } from "../../src/services/findings/live-finding-access";
import { createServices, type Services } from "../../src/services";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { TEST_REDIS_URL } from "../support/env";
import { freshQueuePrefix } from "../support/queues";
import { storeFindings, syntheticFinding } from "./support/findings";
import { waitFor } from "./support/subscriptions";

const QUEUE_LIMIT = 5;

describe("the live fan-out of one API process", () => {
  let database: TestDatabase;
  let api: RunningPubSub;
  let services: Services;
  let feed: FindingFeed;
  let actor: AccountActor;
  let detectorId: string;
  const otherDetectorId = "0123456789abcdef0123456789abcdef";
  let loads = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    const { queuePrefix } = freshQueuePrefix();
    api = createRedisPubSub(TEST_REDIS_URL, queuePrefix);
    services = createServices({ db: database.db, operatorToken: "o".repeat(32), pubSub: api.pubSub });
    const account = await database.db.account.create({ data: { accountId: "340000000001", name: "feed", email: "feed@example.com" } });
    detectorId = "feed0000feed0000feed0000feed0000";
    await database.db.detector.create({ data: { id: detectorId, accountId: account.id, status: "ENABLED" } });
    const other = await database.db.account.create({ data: { accountId: "340000000002", name: "other", email: "other@example.com" } });
    await database.db.detector.create({ data: { id: otherDetectorId, accountId: other.id, status: "ENABLED" } });
    const { secret } = await services.apiKeys.issue(account.id, "feed");
    actor = await services.apiKeys.authenticate(secret);
    class CountingAccess extends LiveFindingAccess {
      override loadByIds(ids: readonly string[]) {
        loads += 1;
        return super.loadByIds(ids);
      }
    }
    const access = new CountingAccess(database.db, services.findings);
    feed = new FindingFeed(api.pubSub, access, { queueLimit: QUEUE_LIMIT, recheckMs: 60_000, report: (error) => { throw error; } });
  });
  afterAll(async () => {
    feed.close();
    await api.close();
    await database.drop();
  });

  it("loads the findings of each read of the log once, however many subscribe, and ends a subscriber that falls behind without slowing the others", async () => {
    const slow = await feed.open(actor, detectorId, null);
    const fast = await Promise.all([feed.open(actor, detectorId, null), feed.open(actor, detectorId, null)]);
    const delivered: FindingDelivery[][] = [[], []];
    const reading = fast.map(async (subscriber, i) => {
      for await (const delivery of subscriber) {
        delivered[i].push(delivery);
        if (delivered[i].length === 20) return;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const findings = Array.from({ length: 20 }, (_, n) => syntheticFinding(detectorId, "340000000001", n));
    // One transaction, one notification on commit, one read: no announcement through Redis is needed.
    await storeFindings(database.db, findings);
    await Promise.all(reading);

    for (const got of delivered) expect(got.map((d) => [d.change, d.finding.id])).toEqual([...findings].sort((a, b) => (a.id < b.id ? -1 : 1)).map((f) => ["CREATED", f.id]));
    expect(loads).toBe(1);
    // The slow one never read: after QUEUE_LIMIT findings it was ended, with the reason.
    await expect(slow.next()).rejects.toThrow(`fell more than ${QUEUE_LIMIT} findings behind`);
    await expect(slow.next()).resolves.toEqual({ value: undefined, done: true });
    await waitFor(() => feed.subscriberCount === 0, 2_000, "the finished readers to leave");
  });

  it("does not load anything for events nobody may see", async () => {
    const before = loads;
    const readBefore = (await feed.stats()).eventsRead;
    const other = await feed.open(actor, detectorId, null);
    await storeFindings(database.db, [syntheticFinding(otherDetectorId, "340000000002", 1)]);
    // Read from the log (this process's reader saw it), and still nothing loaded: nobody here may see it.
    const deadline = Date.now() + 2_000;
    while ((await feed.stats()).eventsRead === readBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await feed.stats()).eventsRead).toBe(readBefore + 1);
    expect(loads).toBe(before);
    await other.return();
    expect(feed.subscriberCount).toBe(0);
  });
});
