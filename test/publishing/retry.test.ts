import type { Finding } from "../../src/detection/findings/types";
import { createLogger } from "../../src/logger";
import { upsertFindings } from "../../src/db/findings/finding-upserts";
import { MAX_RETRY_AFTER_MS, publishRetryDelay } from "../../src/queues/publish-backoff";
import { retryAfterMs } from "../../src/services/publishing/http-post";
import { type RunningPublishWorker, startPublishWorker } from "../../workers/publish";
import { accountWithDetector } from "../support/accounts";
import type { TestApp } from "../support/app";
import { freshQueuePrefix } from "../support/queues";
import { syntheticFinding } from "../findings/support/findings";
import { startLiveApp } from "../findings/support/live-app";
import { waitFor } from "../findings/support/subscriptions";
import { startReceiver } from "./support/receiver";

describe("publishing retry delays", () => {
  it("doubles per attempt, jittered between half and all of it", () => {
    expect([1, 2, 3].map((attempt) => publishRetryDelay(attempt, 1_000, null, () => 0))).toEqual([500, 1_000, 2_000]);
    expect([1, 2, 3].map((attempt) => publishRetryDelay(attempt, 1_000, null, () => 1))).toEqual([1_000, 2_000, 4_000]);
    const spread = new Set(Array.from({ length: 20 }, () => publishRetryDelay(3, 1_000, null)));
    expect(spread.size).toBeGreaterThan(1);
  });

  it("waits at least what Retry-After asks, up to an hour", () => {
    expect(publishRetryDelay(1, 1_000, 30_000, () => 1)).toBe(30_000);
    expect(publishRetryDelay(5, 1_000, 2_000, () => 1)).toBe(16_000);
    expect(publishRetryDelay(1, 1_000, 7 * 86_400_000, () => 1)).toBe(MAX_RETRY_AFTER_MS);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-03-01T00:00:00Z");
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs("Sun, 01 Mar 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});

describe("a receiver answering 429 with Retry-After", () => {
  let app: TestApp;
  let queues: ReturnType<typeof freshQueuePrefix>;
  let publishing: RunningPublishWorker;

  beforeAll(async () => {
    app = await startLiveApp({}, { policy: { allowHttp: true, allowPrivateAddresses: true }, timeoutMs: 2_000 });
    queues = freshQueuePrefix();
    publishing = await startPublishWorker(app.services.publisher, app.services.pubSub, queues, { attempts: 3, backoffMs: 20, sweepSeconds: 3600 }, createLogger("silent"));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the worker's subscription to reach Redis
  });
  afterAll(async () => {
    await publishing.stopFollowingFindings();
    await publishing.worker.close();
    await queues.cleanup();
    await app.close();
  });

  it("is left alone that long before the retry, which then goes through", async () => {
    const account = await accountWithDetector(app, "380000000001");
    const receiver = await startReceiver(429);
    receiver.answer(429, { "retry-after": "1" });
    const created = await app.gql(
      `mutation($d: ID!, $url: String!) { createPublishingDestination(detectorId: $d, destinationType: WEBHOOK, webhook: {url: $url}) { destination { destinationId } } }`,
      { d: account.detectorId, url: receiver.url },
      account.key,
    );
    expect(created.errors).toBeUndefined();
    const finding: Finding = syntheticFinding(account.detectorId, account.accountId, 1);
    const written = await app.database.db.$transaction((tx) => upsertFindings(tx, [finding], new Set()));
    const arrivals: number[] = [];
    const original = receiver.received.push.bind(receiver.received);
    receiver.received.push = (...items) => {
      arrivals.push(Date.now());
      // The first request is answered 429 (the answer is written after it is recorded); later ones 200.
      if (arrivals.length === 1) setTimeout(() => receiver.answer(200), 100);
      return original(...items);
    };
    app.services.pubSub.publish("FINDINGS_UPSERTED", { detectorId: account.detectorId, findings: written.map(({ id, accountId, created }) => ({ id, accountId, created })) });
    await waitFor(() => receiver.received.length === 2, 6_000, "the retry");
    expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(950);
    await receiver.close();
  });
});
