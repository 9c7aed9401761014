import { createRedisPubSub, type RunningPubSub } from "../../src/realtime/pubsub";
import { upsertFindings } from "../../src/db/findings/finding-upserts";
import type { Finding } from "../../src/detection/findings/types";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";
import type { TestApp } from "../support/app";
import { TEST_REDIS_URL } from "../support/env";
import { syntheticFinding } from "./support/findings";
import { startLiveApp } from "./support/live-app";
import { type LiveSubscription, subscribeToFindings, waitFor } from "./support/subscriptions";

describe("live findings over graphql-ws", () => {
  let app: TestApp & { feedErrors: unknown[] };
  // Another process's connection to Redis: what the ingestion worker publishes on.
  let worker: RunningPubSub;
  let admin: TestAccount;
  let member: TestAccount;
  let outsider: TestAccount;
  const open: LiveSubscription[] = [];

  const subscribe = async (caller: TestAccount, criteria?: unknown) => {
    const before = app.services.findingFeed.subscriberCount;
    const subscription = subscribeToFindings(app.wsUrl, caller.key, { d: caller.detectorId, c: criteria ?? null });
    open.push(subscription);
    await waitFor(() => app.services.findingFeed.subscriberCount > before || subscription.errors.length > 0, 5_000, "the subscription to open");
    return subscription;
  };

  /** Writes findings as the pipeline does and announces them from the "worker" connection. */
  const write = async (account: TestAccount, findings: Finding[], suppressed: Finding[] = []) => {
    const written = await app.database.db.$transaction((tx) => upsertFindings(tx, findings, new Set(suppressed.map((f) => f.id))));
    worker.pubSub.publish("FINDINGS_UPSERTED", { detectorId: account.detectorId, findings: written.map(({ id, accountId, created }) => ({ id, accountId, created })) });
  };

  beforeAll(async () => {
    app = await startLiveApp({ recheckMs: 300 });
    worker = createRedisPubSub(TEST_REDIS_URL, app.queuePrefix);
    [admin, member, outsider] = await Promise.all(["330000000001", "330000000002", "330000000003"].map((id) => accountWithDetector(app, id)));
    await associate(app, admin, member);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
    await waitFor(() => app.services.findingFeed.subscriberCount === 0, 5_000, "subscriptions to end");
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  it("pushes new findings and their updates to those who may see them and whose criteria match, never suppressed ones", async () => {
    const adminFeed = await subscribe(admin);
    const memberHighOnly = await subscribe(member, { criterion: [{ attribute: "severity", greaterThanOrEqual: 5 }] });
    const outsiderFeed = await subscribe(outsider);
    // Give Redis a moment to confirm the channel subscription of this API process.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const findings = [0, 1, 2, 3].map((n) => syntheticFinding(member.detectorId, member.accountId, n)); // severities 2, 5, 8, 5.5
    await write(member, findings, [findings[3]]);
    await waitFor(() => adminFeed.received.length >= 3 && memberHighOnly.received.length >= 2, 5_000, "findings on the subscriptions");

    expect(adminFeed.received.map((e) => [e.change, e.finding.id, e.finding.accountId])).toEqual(findings.slice(0, 3).map((f) => ["CREATED", f.id, member.accountId]));
    expect(memberHighOnly.received.map((e) => e.finding.id)).toEqual([findings[1].id, findings[2].id]);

    // Another occurrence: an update, with the count the store aggregated.
    await write(member, [{ ...findings[2], updatedAt: new Date(Date.parse(findings[2].updatedAt) + 60_000).toISOString() }]);
    await waitFor(() => adminFeed.received.length >= 4, 5_000, "the update");
    expect(adminFeed.received[3]).toMatchObject({ change: "UPDATED", finding: { id: findings[2].id, count: findings[2].service.count * 2 } });

    // Archiving through the API is an update too.
    await app.gql(`mutation($d: ID!, $ids: [String!]!) { archiveFindings(detectorId: $d, findingIds: $ids) }`, { d: admin.detectorId, ids: [findings[1].id] }, admin.key);
    await waitFor(() => memberHighOnly.received.length >= 4, 5_000, "the archive state");
    expect(memberHighOnly.received.slice(2).map((e) => [e.change, e.finding.id, e.finding.archived, e.finding.service.archived])).toEqual([
      ["UPDATED", findings[2].id, false, false],
      ["UPDATED", findings[1].id, true, true],
    ]);

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(outsiderFeed.received).toEqual([]);
    expect([adminFeed, memberHighOnly, outsiderFeed].flatMap((s) => s.errors)).toEqual([]);
    expect(app.feedErrors).toEqual([]);
  });

  it("refuses another account's detector and bad criteria when subscribing", async () => {
    const wrongDetector = subscribeToFindings(app.wsUrl, outsider.key, { d: admin.detectorId });
    const badCriteria = subscribeToFindings(app.wsUrl, admin.key, { d: admin.detectorId, c: { criterion: [{ attribute: "nope", equals: ["x"] }] } });
    open.push(wrongDetector, badCriteria);
    await waitFor(() => wrongDetector.errors.length > 0 && badCriteria.errors.length > 0, 5_000, "the refusals");
    expect(wrongDetector.errors[0].extensions?.code).toBe("NOT_FOUND");
    expect(badCriteria.errors[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("ends the subscriptions of a revoked API key", async () => {
    const issued = await app.gql(`mutation { createApiKey(name: "live") { secret apiKey { id } } }`, {}, admin.key);
    const key = issued.data!.createApiKey.secret as string;
    const subscription = await subscribe({ ...admin, key });
    const survivor = await subscribe(admin);
    await app.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: issued.data!.createApiKey.apiKey.id }, admin.key);
    await waitFor(() => subscription.errors.length > 0, 5_000, "the revoked key's subscription to end");
    // The key's socket is closed as the revocation is published; the subscriptions on it end with it.
    expect(subscription.errors[0]).toMatchObject({ message: "API key revoked", closeCode: 4403 });
    expect(survivor.errors).toEqual([]);
    expect(app.services.findingFeed.subscriberCount).toBe(1);
  });

  it("stops showing a member's findings to its former administrator as soon as the member leaves", async () => {
    const leaver = await accountWithDetector(app, "330000000004");
    await associate(app, admin, leaver);
    const adminFeed = await subscribe(admin);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await write(leaver, [syntheticFinding(leaver.detectorId, leaver.accountId, 1)]);
    await waitFor(() => adminFeed.received.length === 1, 5_000, "the member's finding");
    await app.gql(`mutation($d: ID!) { disassociateFromAdministratorAccount(detectorId: $d) }`, { d: leaver.detectorId }, leaver.key);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await write(leaver, [syntheticFinding(leaver.detectorId, leaver.accountId, 2)]);
    await write(admin, [syntheticFinding(admin.detectorId, admin.accountId, 2)]);
    await waitFor(() => adminFeed.received.length === 3, 5_000, "the administrator's own finding");
    // The member leaving is itself a finding of the administrator's own detector (self-protection), pushed live.
    expect(adminFeed.received.map((e) => [e.finding.accountId, e.finding.type])).toEqual([
      [leaver.accountId, syntheticFinding(leaver.detectorId, leaver.accountId, 1).type],
      [leaver.accountId, "Stealth:Vigil/MemberLeft"],
      [admin.accountId, syntheticFinding(admin.detectorId, admin.accountId, 2).type],
    ]);
  });
});
