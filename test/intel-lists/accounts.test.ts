import { readFileSync } from "node:fs";
import path from "node:path";
import { ConflictError, ForbiddenError, NotFoundError } from "../../src/services/errors";
import { eventually, FEED_FIXTURES, fixtureUrl, startListsHarness, type Harness, type TestAccount } from "./support/lists-harness";

// Public addresses (lists only ever match publicly routable ones).
const ADMIN_THREAT = "45.154.244.193";
const OUTSIDER_THREAT = "2.57.122.53";
const MEMBER_OWN_THREAT = "77.90.185.20";

describe("lists across accounts", () => {
  let harness: Harness;
  let admin: TestAccount;
  let member: TestAccount;
  let outsider: TestAccount;
  let adminListId: string;

  const matches = (account: TestAccount, ip: string) => harness.services.intel.matchIp(account.accountId, ip).length > 0;
  const until = (condition: () => boolean, what: string) => eventually(() => (condition() ? true : undefined), 10_000, what);

  beforeAll(async () => {
    harness = await startListsHarness({ reloadCheckMs: 200 });
    [admin, member, outsider] = [await harness.account(), await harness.account(), await harness.account()];
    await harness.associate(admin, member);
    const list = await harness.services.intelLists.create(admin.actor, "THREAT", admin.detectorId, { name: "admin threats", format: "TXT", content: `${ADMIN_THREAT}\n`, activate: true });
    adminListId = list.id;
    await harness.listReaching(list.id, ["ACTIVE"]);
  });
  afterAll(() => harness.close());

  it("applies an administrator's lists to its members and never to an unrelated account", async () => {
    await until(() => matches(admin, ADMIN_THREAT) && matches(member, ADMIN_THREAT), "the administrator's list in force for both");
    expect(matches(outsider, ADMIN_THREAT)).toBe(false);

    const own = await harness.services.intelLists.create(outsider.actor, "THREAT", outsider.detectorId, { name: "mine", format: "TXT", content: `${OUTSIDER_THREAT}\n`, activate: true });
    await harness.listReaching(own.id, ["ACTIVE"]);
    await until(() => matches(outsider, OUTSIDER_THREAT), "the outsider's own list");
    expect(matches(admin, OUTSIDER_THREAT) || matches(member, OUTSIDER_THREAT)).toBe(false);
  });

  it("lets a member read its administrator's lists, and change none", async () => {
    const page = await harness.services.intelLists.list(member.actor, "THREAT", member.detectorId, {});
    expect(page.items.map((l) => l.id)).toEqual([adminListId]);
    expect((await harness.services.intelLists.get(member.actor, "THREAT", member.detectorId, adminListId)).name).toBe("admin threats");

    const lists = harness.services.intelLists;
    await expect(lists.create(member.actor, "THREAT", member.detectorId, { name: "x", format: "TXT", content: "1.1.1.1", activate: true })).rejects.toThrow(ForbiddenError);
    await expect(lists.update(member.actor, "THREAT", member.detectorId, adminListId, { activate: false })).rejects.toThrow(ForbiddenError);
    await expect(lists.delete(member.actor, "THREAT", member.detectorId, adminListId)).rejects.toThrow(ForbiddenError);
  });

  it("shows an unrelated account nothing, as if the list did not exist", async () => {
    const lists = harness.services.intelLists;
    await expect(lists.get(outsider.actor, "THREAT", outsider.detectorId, adminListId)).rejects.toThrow(NotFoundError);
    await expect(lists.update(outsider.actor, "THREAT", outsider.detectorId, adminListId, { name: "mine now" })).rejects.toThrow(NotFoundError);
    // A detector id that is not the caller's own is not found either.
    await expect(lists.list(outsider.actor, "THREAT", admin.detectorId, {})).rejects.toThrow(NotFoundError);
    await expect(lists.get(admin.actor, "TRUSTED", admin.detectorId, adminListId)).rejects.toThrow(NotFoundError);
  });

  it("puts a member's own lists out of force while it is a member", async () => {
    const joiner = await harness.account();
    const own = await harness.services.intelLists.create(joiner.actor, "THREAT", joiner.detectorId, { name: "before joining", format: "TXT", content: `${MEMBER_OWN_THREAT}\n`, activate: true });
    await harness.listReaching(own.id, ["ACTIVE"]);
    await until(() => matches(joiner, MEMBER_OWN_THREAT), "the standalone account's own list");

    // Joining publishes no list event: the workers' periodic check sees the membership change.
    await harness.associate(admin, joiner);
    await until(() => !matches(joiner, MEMBER_OWN_THREAT) && matches(joiner, ADMIN_THREAT), "the administrator's lists in place of its own");
  });

  it("lets trusted beat threat, managed feeds included, for the list owner's accounts only", async () => {
    const torExit = readFileSync(path.join(FEED_FIXTURES, "tor-exit-nodes.txt"), "utf8").split("\n")[1];
    const feed = await harness.services.threatFeeds.create(harness.operator, { name: "tor", format: "TXT", location: fixtureUrl(FEED_FIXTURES, "tor-exit-nodes.txt"), category: "TOR_EXIT" });
    await harness.feedReaching(feed.id, ["ACTIVE"]);
    await until(() => matches(member, torExit) && matches(outsider, torExit), "the feed for every account");

    const trusted = await harness.services.intelLists.create(admin.actor, "TRUSTED", admin.detectorId, { name: "our exit", format: "TXT", content: `${torExit}\n${ADMIN_THREAT}\n`, activate: true });
    await harness.listReaching(trusted.id, ["ACTIVE"]);
    await until(() => !matches(member, torExit) && !matches(member, ADMIN_THREAT) && !matches(admin, torExit), "trusted over threat for the organisation");
    expect(matches(outsider, torExit)).toBe(true);
    expect(harness.services.intel.isTrustedIp(member.accountId, torExit)).toBe(true);
    expect(harness.services.intel.isTrustedIp(outsider.accountId, torExit)).toBe(false);
  });

  it("walks GuardDuty's statuses: deactivate, activate again, delete", async () => {
    const lists = harness.services.intelLists;
    const list = await lists.create(outsider.actor, "THREAT", outsider.detectorId, { name: "cycle", format: "TXT", content: "5.2.189.251\n", activate: true });
    await harness.listReaching(list.id, ["ACTIVE"]);
    await until(() => matches(outsider, "5.2.189.251"), "the active list");

    expect((await lists.update(outsider.actor, "THREAT", outsider.detectorId, list.id, { activate: false })).status).toBe("DEACTIVATING");
    await harness.listReaching(list.id, ["INACTIVE"]);
    await until(() => !matches(outsider, "5.2.189.251"), "the deactivated list out of force");

    expect((await lists.update(outsider.actor, "THREAT", outsider.detectorId, list.id, { activate: true })).status).toBe("ACTIVATING");
    await harness.listReaching(list.id, ["ACTIVE"]);
    await until(() => matches(outsider, "5.2.189.251"), "the list active again");

    await lists.delete(outsider.actor, "THREAT", outsider.detectorId, list.id);
    await eventually(async () => ((await harness.database.db.intelList.findUnique({ where: { id: list.id } })) === null ? true : undefined));
    await until(() => !matches(outsider, "5.2.189.251"), "the deleted list out of force");
    await expect(lists.get(outsider.actor, "THREAT", outsider.detectorId, list.id)).rejects.toThrow(NotFoundError);
  });

  it("refuses any action while a list is ACTIVATING", async () => {
    const idle = await startListsHarness({ worker: false, intel: false });
    try {
      const account = await idle.account();
      const list = await idle.services.intelLists.create(account.actor, "TRUSTED", account.detectorId, { name: "pending", format: "TXT", content: "8.8.8.8\n", activate: true });
      expect(list.status).toBe("ACTIVATING");
      await expect(idle.services.intelLists.update(account.actor, "TRUSTED", account.detectorId, list.id, { name: "renamed" })).rejects.toThrow(ConflictError);
      await expect(idle.services.intelLists.delete(account.actor, "TRUSTED", account.detectorId, list.id)).rejects.toThrow(/ACTIVATING: no action is allowed/);
    } finally {
      await idle.close();
    }
  });

  it("audits every change, marking those that could blind detection", async () => {
    const page = await harness.services.audit.list(admin.actor, { first: 50 });
    const listEvents = page.items
      .filter((e) => e.targetType === "IPSet" || e.targetType === "ThreatIntelSet")
      .map((e) => [e.operation, e.securityRelevant]);
    expect(listEvents).toEqual([
      ["createThreatIntelSet", false],
      ["createIPSet", true],
    ]);
    const outsiderEvents = (await harness.services.audit.list(outsider.actor, { first: 50 })).items.filter((e) => e.targetType === "ThreatIntelSet");
    expect(outsiderEvents.map((e) => [e.operation, e.securityRelevant, (e.after as { activate?: boolean } | null)?.activate ?? null])).toEqual([
      ["createThreatIntelSet", false, true],
      ["createThreatIntelSet", false, true],
      ["updateThreatIntelSet", true, false],
      ["updateThreatIntelSet", false, true],
      ["deleteThreatIntelSet", true, null],
    ]);
  });
});
