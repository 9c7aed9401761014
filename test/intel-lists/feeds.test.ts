import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readDemoFeeds } from "../../src/services/threat-feeds/demo-feeds";
import { createServices } from "../../src/services";
import { ForbiddenError, InvalidInputError } from "../../src/services/errors";
import { createLocalPubSub } from "../../src/realtime/pubsub";
import { eventually, FEED_FIXTURES, fixtureUrl, startListsHarness, type Harness } from "./support/lists-harness";

const TOR_EXIT = "101.99.92.179"; // in tor-exit-nodes.txt

describe("managed threat feeds", () => {
  let harness: Harness;
  let scratch: string;

  const matchesAnywhere = (ip: string) => harness.services.intel.matchIp("123456789012", ip);

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), "vigil-feeds-"));
    harness = await startListsHarness({ lists: { fileDirs: [FEED_FIXTURES, scratch] } });
  });
  afterAll(async () => {
    await harness.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("loads a feed for every account, with its category, and refreshes it on a schedule", async () => {
    const feeds = harness.services.threatFeeds;
    const feed = await feeds.create(harness.operator, { name: "Tor exits", format: "TXT", location: fixtureUrl(FEED_FIXTURES, "tor-exit-nodes.txt"), category: "TOR_EXIT" });
    expect(feed).toMatchObject({ status: "ACTIVATING", refreshIntervalMinutes: 60 });
    expect(await harness.feedReaching(feed.id, ["ACTIVE", "ERROR"])).toMatchObject({ status: "ACTIVE", entryCount: 60, lastRefreshedAt: expect.any(Date) });
    const [match] = await eventually(() => (matchesAnywhere(TOR_EXIT).length > 0 ? matchesAnywhere(TOR_EXIT) : undefined));
    expect(match).toMatchObject({ listName: "Tor exits", source: "MANAGED", category: "TOR_EXIT" });
    expect((await harness.jobs.feedSchedules()).get(feed.id)).toBe(60 * 60_000);

    await feeds.update(harness.operator, feed.id, { refreshIntervalMinutes: 5 });
    expect((await harness.jobs.feedSchedules()).get(feed.id)).toBe(5 * 60_000);

    await feeds.update(harness.operator, feed.id, { enabled: false });
    await eventually(() => (matchesAnywhere(TOR_EXIT).length === 0 ? true : undefined), 10_000, "the disabled feed out of force");
    expect((await harness.jobs.feedSchedules()).has(feed.id)).toBe(false);

    await feeds.delete(harness.operator, feed.id);
    expect((await feeds.list(harness.operator, {})).items.map((f) => f.id)).not.toContain(feed.id);
  });

  it("keeps the last good content when a refresh fails", async () => {
    const copy = path.join(scratch, "scanners.txt");
    copyFileSync(path.join(FEED_FIXTURES, "mass-scanners.txt"), copy);
    const feed = await harness.services.threatFeeds.create(harness.operator, { name: "scanners", format: "TXT", location: `file://${copy}`, category: "SCANNER" });
    await harness.feedReaching(feed.id, ["ACTIVE"]);
    const scanner = "5.63.151.9"; // inside 5.63.151.0/24
    await eventually(() => (matchesAnywhere(scanner).length > 0 ? true : undefined));

    rmSync(copy);
    await harness.services.threatFeeds.refresh(harness.operator, feed.id);
    const kept = await eventually(async () => {
      const row = await harness.database.db.threatFeed.findUniqueOrThrow({ where: { id: feed.id } });
      return row.statusMessage?.includes("still using") ? row : undefined;
    });
    expect(kept).toMatchObject({ status: "ACTIVE", entryCount: 100 });
    expect(kept.statusMessage).toContain("no such file");
    expect(matchesAnywhere(scanner)).toEqual([expect.objectContaining({ category: "SCANNER" })]);
    await harness.services.threatFeeds.delete(harness.operator, feed.id);
  });

  it("installs the bundled demo feeds once, each matching its own kind of indicator", async () => {
    const demo = readDemoFeeds();
    expect(demo.folder).toBe(FEED_FIXTURES);
    const installed = await harness.services.threatFeeds.createMissing(harness.operator, demo.feeds);
    expect(installed).toHaveLength(7);
    expect(await harness.services.threatFeeds.createMissing(harness.operator, demo.feeds)).toEqual([]);
    for (const feed of installed) expect(await harness.feedReaching(feed.id, ["ACTIVE", "ERROR"])).toMatchObject({ status: "ACTIVE", rejectedCount: 0 });

    const intel = harness.services.intel;
    const account = "210987654321";
    const probes: Array<[string, () => unknown[]]> = [
      ["TOR_EXIT", () => intel.matchIp(account, TOR_EXIT)],
      ["MALICIOUS_IP", () => intel.matchIp(account, "77.90.185.20")],
      ["COMMAND_AND_CONTROL", () => intel.matchDomain(account, "amlakist.com")],
      ["CRYPTO_MINING", () => intel.matchDomain(account, "www.1q2w3.fun")],
      // Listed as nanopool.org by registered domain; maltrail names other endpoints of the pool, not this one.
      ["CRYPTO_MINING", () => intel.matchDomain(account, "xmr-asia1.nanopool.org")],
      ["DGA", () => intel.matchDomain(account, readLine("maltrail-dga-domains.txt", 2))],
      ["SCANNER", () => intel.matchIp(account, "13.249.87.1")],
    ];
    for (const [category, probe] of probes) {
      const found = await eventually(() => (probe().length > 0 ? probe() : undefined), 10_000, `a ${category} match`);
      expect(found).toContainEqual(expect.objectContaining({ source: "MANAGED", category }));
    }
  });

  it("is the operator's alone, and checks what it is given", async () => {
    const account = await harness.account();
    const command = { name: "x", format: "TXT" as const, location: fixtureUrl(FEED_FIXTURES, "ipsum-level5.txt"), category: "MALICIOUS_IP" };
    await expect(harness.services.threatFeeds.create(account.actor, command)).rejects.toThrow(ForbiddenError);
    await expect(harness.services.threatFeeds.list(account.actor, {})).rejects.toThrow(ForbiddenError);
    await expect(harness.services.threatFeeds.create(harness.operator, { ...command, category: "SPAM" })).rejects.toThrow(/category must be one of/);
    await expect(harness.services.threatFeeds.create(harness.operator, { ...command, refreshIntervalMinutes: 0 })).rejects.toThrow(InvalidInputError);
    await expect(harness.services.threatFeeds.create(harness.operator, { ...command, location: "file:///etc/hosts" })).rejects.toThrow(/VIGIL_LIST_FILE_DIRS/);
  });

  it("keeps the schedule of a feed created while a reconcile runs", async () => {
    let created: { id: string } | undefined;
    // The feed is created (and scheduled, by the API's service) at the moment the reconcile reads the schedules.
    const racing: typeof harness.jobs = Object.assign(Object.create(harness.jobs), {
      feedSchedules: async () => {
        created = await harness.services.threatFeeds.create(harness.operator, { name: "created meanwhile", format: "TXT", location: fixtureUrl(FEED_FIXTURES, "ipsum-level5.txt"), category: "MALICIOUS_IP" });
        return harness.jobs.feedSchedules();
      },
    });
    await harness.services.listReconciler.reconcile(racing);
    expect((await harness.jobs.feedSchedules()).get(created!.id)).toBe(60 * 60_000);
    await harness.services.threatFeeds.delete(harness.operator, created!.id);
  });

  it("reconciles: a change saved without a queue is still carried out, and lost schedules come back", async () => {
    // An API process that could not reach the queue saved the change only.
    const offline = createServices({ db: harness.database.db, operatorToken: "x".repeat(32), pubSub: createLocalPubSub(), lists: harness.settings });
    const feed = await offline.threatFeeds.create(harness.operator, { name: "saved only", format: "TXT", location: fixtureUrl(FEED_FIXTURES, "ipsum-level5.txt"), category: "MALICIOUS_IP" });
    const owner = await harness.account();
    const list = await offline.intelLists.create(owner.actor, "THREAT", owner.detectorId, { name: "saved only", format: "TXT", content: "2.57.122.53\n", activate: true });
    expect((await harness.jobs.feedSchedules()).has(feed.id)).toBe(false);

    const outcome = await harness.services.listReconciler.reconcile(harness.jobs);
    expect(outcome.requeued).toBeGreaterThanOrEqual(2);
    expect((await harness.jobs.feedSchedules()).get(feed.id)).toBe(60 * 60_000);
    await harness.feedReaching(feed.id, ["ACTIVE"]);
    await harness.listReaching(list.id, ["ACTIVE"]);
  });
});

function readLine(file: string, index: number): string {
  return readFileSync(path.join(FEED_FIXTURES, file), "utf8").split("\n")[index];
}
