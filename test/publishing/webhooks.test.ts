import { Queue } from "bullmq";
import type { Finding } from "../../src/detection/findings/types";
import { createLogger } from "../../src/logger";
import { bullConnection } from "../../src/queues/connection";
import { upsertFindings } from "../../src/db/findings/finding-upserts";
import { verifySignature } from "../../src/services/publishing/webhook-signature";
import { PUBLISH_QUEUE } from "../../src/queues/publish";
import { type RunningPublishWorker, startPublishWorker } from "../../workers/publish";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";
import type { TestApp } from "../support/app";
import { freshQueuePrefix } from "../support/queues";
import { syntheticFinding } from "../findings/support/findings";
import { startLiveApp } from "../findings/support/live-app";
import { waitFor } from "../findings/support/subscriptions";
import { type Received, startReceiver } from "./support/receiver";

const SECRET = "a-test-signing-secret-of-some-length";
const LOCAL = { policy: { allowHttp: true, allowPrivateAddresses: true }, timeoutMs: 2_000 };
const CREATE = `mutation($d: ID!, $url: String!, $secret: String) {
  createPublishingDestination(detectorId: $d, destinationType: WEBHOOK, webhook: {url: $url, secret: $secret}) { destination { destinationId status } signingSecret } }`;
const DESCRIBE = `query($d: ID!, $id: ID!) { describePublishingDestination(detectorId: $d, destinationId: $id) { status lastError publishingFailureStartedAt destinationProperties { url } } }`;

describe("webhooks", () => {
  let app: TestApp;
  let queues: ReturnType<typeof freshQueuePrefix>;
  let publishing: RunningPublishWorker;
  let admin: TestAccount;
  let member: TestAccount;
  let outsider: TestAccount;
  let receivers: Record<"admin" | "member" | "outsider", Awaited<ReturnType<typeof startReceiver>>>;
  const destinations: Record<string, string> = {};
  let n = 100;

  /** Writes findings as the pipeline does and announces them, as the pipeline does after its commit. */
  const write = async (account: TestAccount, findings: Finding[], suppressed: Finding[] = []) => {
    const written = await app.database.db.$transaction((tx) => upsertFindings(tx, findings, new Set(suppressed.map((f) => f.id))));
    app.services.pubSub.publish("FINDINGS_UPSERTED", { detectorId: account.detectorId, findings: written.map(({ id, accountId, created }) => ({ id, accountId, created })) });
  };
  /** The destination once the worker has recorded that its deliveries failed for good. */
  const failedDestination = async (account: TestAccount, destinationId: string) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const destination = (await app.gql(DESCRIBE, { d: account.detectorId, id: destinationId }, account.key)).data?.describePublishingDestination;
      if (destination.status === "UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY") return destination;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`destination ${destinationId} never reached UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY`);
  };
  const events = (received: Received[]) => received.map((r) => JSON.parse(r.body));

  beforeAll(async () => {
    app = await startLiveApp({}, LOCAL);
    queues = freshQueuePrefix();
    publishing = await startPublishWorker(app.services.publisher, app.services.pubSub, queues, { attempts: 3, backoffMs: 50, sweepSeconds: 3600 }, createLogger("silent"));
    [admin, member, outsider] = await Promise.all(["350000000001", "350000000002", "350000000003"].map((id) => accountWithDetector(app, id)));
    await associate(app, admin, member);
    receivers = { admin: await startReceiver(), member: await startReceiver(), outsider: await startReceiver() };
    for (const [name, account] of [["admin", admin], ["member", member], ["outsider", outsider]] as const) {
      const created = await app.gql(CREATE, { d: account.detectorId, url: receivers[name].url, secret: SECRET }, account.key);
      destinations[name] = created.data!.createPublishingDestination.destination.destinationId;
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // the worker's subscription to reach Redis
  });
  afterAll(async () => {
    await publishing.stopFollowingFindings();
    await publishing.worker.close();
    await Promise.all(Object.values(receivers).map((r) => r.close()));
    await queues.cleanup();
    await app.close();
  });

  it("posts each new finding at once, signed, shaped like GuardDuty's EventBridge event, to its account's and its administrator's destinations", async () => {
    const finding = syntheticFinding(member.detectorId, member.accountId, n++);
    const suppressed = syntheticFinding(member.detectorId, member.accountId, n++);
    await write(member, [finding, suppressed], [suppressed]);
    await waitFor(() => receivers.admin.received.length === 1 && receivers.member.received.length === 1, 5_000, "both deliveries");

    for (const receiver of [receivers.admin, receivers.member]) {
      const [delivery] = receiver.received;
      expect(verifySignature(SECRET, delivery.body, String(delivery.headers["x-vigil-signature"]))).toBe(true);
      expect(verifySignature("another-secret-entirely!", delivery.body, String(delivery.headers["x-vigil-signature"]))).toBe(false);
      expect(delivery.headers["content-type"]).toBe("application/json");
      const event = JSON.parse(delivery.body);
      expect(event).toMatchObject({ version: "0", "detail-type": "GuardDuty Finding", source: "aws.guardduty", account: member.accountId, region: finding.region });
      expect(event.detail).toMatchObject({ id: finding.id, type: finding.type, accountId: member.accountId, service: { count: finding.service.count, archived: false } });
      expect(delivery.headers["x-vigil-delivery"]).toBe(event.id);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receivers.outsider.received).toEqual([]);
    expect(receivers.admin.received).toHaveLength(1); // never the suppressed one
  });

  it("sends updates in a batch when the governing (administrator's) publishing frequency comes round", async () => {
    await app.gql(`mutation($d: ID!) { updateDetector(detectorId: $d, findingPublishingFrequency: FIFTEEN_MINUTES) { findingPublishingFrequency } }`, { d: admin.detectorId }, admin.key);
    const finding = syntheticFinding(member.detectorId, member.accountId, n++);
    const created = new Date(Date.now() - 60_000).toISOString();
    await write(member, [{ ...finding, createdAt: created, updatedAt: created }]);
    await waitFor(() => receivers.member.received.length === 2, 5_000, "the new finding");

    const occurrence = new Date().toISOString();
    await write(member, [{ ...finding, createdAt: occurrence, updatedAt: occurrence, service: { ...finding.service, eventLastSeen: occurrence } }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receivers.member.received).toHaveLength(2); // an update waits for the batch

    // Sixteen minutes on: every destination's last batch is that long ago. The member's own
    // detector says SIX_HOURS, but its administrator's FIFTEEN_MINUTES governs it.
    await app.database.db.$executeRaw`UPDATE publishing_destinations SET "updatesPublishedUntil" = now() - interval '16 minutes'`;
    const queue = new Queue(PUBLISH_QUEUE, { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix });
    await queue.add("updates-sweep", {});
    await queue.close();
    await waitFor(() => receivers.member.received.length === 3 && receivers.admin.received.length === 3, 5_000, "the batch of updates");
    const update = events(receivers.member.received)[2];
    expect(update.detail).toMatchObject({ id: finding.id, service: { count: finding.service.count * 2, eventLastSeen: occurrence } });
    expect(events(receivers.admin.received)[2].detail.id).toBe(finding.id);
    expect(receivers.outsider.received).toEqual([]);
  });

  it("retries with backoff, then marks the destination UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY until its properties are fixed", async () => {
    receivers.outsider.answer(503);
    await write(outsider, [syntheticFinding(outsider.detectorId, outsider.accountId, n++)]);
    await waitFor(() => receivers.outsider.received.length === 3, 10_000, "three attempts");
    const destination = await failedDestination(outsider, destinations.outsider);
    expect(destination.lastError).toBe("the receiver answered HTTP 503: receiver is down");
    expect(Date.parse(destination.publishingFailureStartedAt)).toBeLessThanOrEqual(Date.now());

    const fixed = await startReceiver();
    const updated = await app.gql(
      `mutation($d: ID!, $id: ID!, $url: String!) { updatePublishingDestination(detectorId: $d, destinationId: $id, webhook: {url: $url}) { status lastError } }`,
      { d: outsider.detectorId, id: destinations.outsider, url: fixed.url },
      outsider.key,
    );
    expect(updated.data?.updatePublishingDestination).toEqual({ status: "PUBLISHING", lastError: null });
    await write(outsider, [syntheticFinding(outsider.detectorId, outsider.accountId, n++)]);
    await waitFor(() => fixed.received.length === 1, 5_000, "the delivery to the fixed URL");
    await fixed.close();
  });

  it("gives up at once when the receiver refuses the event (4xx)", async () => {
    const gone = await startReceiver(410);
    const created = await app.gql(CREATE, { d: outsider.detectorId, url: gone.url, secret: SECRET }, outsider.key);
    const id = created.data!.createPublishingDestination.destination.destinationId;
    await write(outsider, [syntheticFinding(outsider.detectorId, outsider.accountId, n++)]);
    await waitFor(() => gone.received.length === 1, 5_000, "the delivery");
    expect(await failedDestination(outsider, id)).toMatchObject({ lastError: "the receiver answered HTTP 410: receiver is down" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gone.received).toHaveLength(1);
    await gone.close();
  });
});
