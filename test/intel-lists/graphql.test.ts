import type { Worker } from "bullmq";
import { IntelService } from "../../src/services/intel-lists/intel-service";
import { ListJobQueue } from "../../src/queues/list-jobs";
import { createLogger } from "../../src/logger";
import { startListsWorker } from "../../workers/lists";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { freshQueuePrefix } from "../support/queues";
import { eventually } from "./support/lists-harness";

/**
 * The API as clients use it. The test app's services have no queue, as an API process that lost
 * Redis would: the worker's reconcile (every second here) picks the changes up.
 */
describe("lists over GraphQL", () => {
  let app: TestApp;
  let queues: ReturnType<typeof freshQueuePrefix>;
  let jobs: ListJobQueue;
  let worker: Worker;
  let intel: IntelService;
  let admin: TestAccount;
  let member: TestAccount;
  let outsider: TestAccount;

  beforeAll(async () => {
    app = await startTestApp();
    queues = freshQueuePrefix();
    const logger = createLogger("silent");
    jobs = new ListJobQueue(queues, logger);
    worker = await startListsWorker(queues, app.services, { jobs, reconcileSeconds: 1 }, logger);
    intel = new IntelService({ registry: app.services.intel, source: app.services.intelSnapshots, pubSub: app.services.pubSub, logger, checkIntervalMs: 30_000 });
    await intel.start();
    [admin, member, outsider] = [await accountWithDetector(app, "410000000001"), await accountWithDetector(app, "410000000002"), await accountWithDetector(app, "410000000003")];
    await associate(app, admin, member);
  });

  afterAll(async () => {
    await worker.close();
    await intel.stop();
    await jobs.close();
    await queues.cleanup();
    await app.close();
  });

  const getIPSet = (account: TestAccount, ipSetId: string) =>
    app.gql(`query($d: ID!, $i: ID!) { getIPSet(detectorId: $d, ipSetId: $i) { ipSetId name format location status statusMessage entryCount rejectedCount entryKinds tags } }`, { d: account.detectorId, i: ipSetId }, account.key);

  it("creates, activates, reads and lists a trusted list; members read it, others do not see it", async () => {
    const created = await app.gql(
      `mutation($d: ID!, $c: String!) { createIPSet(detectorId: $d, name: "offices", format: TXT, activate: true, content: $c, tags: [{key: "team", value: "netops"}]) { ipSetId status } }`,
      { d: admin.detectorId, c: "# offices\n8.8.8.8\n2001:4860:4860::8888\n*.corp-vpn.net\nnot an address!\n" },
      admin.key,
    );
    expect(created.data?.createIPSet.status).toBe("ACTIVATING");
    const ipSetId: string = created.data!.createIPSet.ipSetId;

    const active = await eventually(async () => {
      const read = await getIPSet(admin, ipSetId);
      return read.data?.getIPSet.status === "ACTIVE" ? read.data.getIPSet : undefined;
    });
    expect(active).toEqual({
      ipSetId,
      name: "offices",
      format: "TXT",
      location: "inline",
      status: "ACTIVE",
      statusMessage: 'Loaded 3 entries; 1 line(s) rejected: line 5 "not an address!": expected one entry per line (extra text after the entry).',
      entryCount: 3,
      rejectedCount: 1,
      entryKinds: ["IPV4", "IPV6", "WILDCARD"],
      tags: { team: "netops" },
    });
    await eventually(() => (app.services.intel.isTrustedDomain(member.accountId, "gw.corp-vpn.net") ? true : undefined));

    expect((await getIPSet(member, ipSetId)).data?.getIPSet.name).toBe("offices");
    const listed = await app.gql(`query($d: ID!) { listIPSets(detectorId: $d) { ipSets { ipSetId } nextCursor } }`, { d: member.detectorId }, member.key);
    expect(listed.data).toEqual({ listIPSets: { ipSets: [{ ipSetId }], nextCursor: null } });
    expect((await getIPSet(outsider, ipSetId)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("answers with GuardDuty-style error codes", async () => {
    const byMember = await app.gql(`mutation($d: ID!) { createThreatIntelSet(detectorId: $d, name: "m", format: TXT, activate: true, content: "1.1.1.1") { threatIntelSetId } }`, { d: member.detectorId }, member.key);
    expect(byMember.errors?.[0]).toMatchObject({ extensions: { code: "FORBIDDEN" }, message: expect.stringContaining("administrator's lists apply") });

    const badLocation = await app.gql(`mutation($d: ID!) { createThreatIntelSet(detectorId: $d, name: "b", format: TXT, activate: true, location: "ftp://x/y") { threatIntelSetId } }`, { d: outsider.detectorId }, outsider.key);
    expect(badLocation.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");

    const feedByAccount = await app.gql(`{ listThreatFeeds { threatFeeds { id } } }`, {}, admin.key);
    expect(feedByAccount.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("shows why a list is in ERROR", async () => {
    const created = await app.gql(
      `mutation($d: ID!) { createThreatIntelSet(detectorId: $d, name: "broken", format: STIX, activate: true, content: "<html><body>Access denied</body></html>") { threatIntelSetId } }`,
      { d: outsider.detectorId },
      outsider.key,
    );
    const id = created.data!.createThreatIntelSet.threatIntelSetId;
    const failed = await eventually(async () => {
      const read = await app.gql(`query($d: ID!, $i: ID!) { getThreatIntelSet(detectorId: $d, threatIntelSetId: $i) { status statusMessage entryCount } }`, { d: outsider.detectorId, i: id }, outsider.key);
      return read.data?.getThreatIntelSet.status === "ERROR" ? read.data.getThreatIntelSet : undefined;
    });
    expect(failed).toEqual({ status: "ERROR", statusMessage: expect.stringContaining("HTML page"), entryCount: 0 });
  });

  it("lets the operator manage feeds", async () => {
    const created = await app.gql(
      `mutation { createThreatFeed(name: "c2", format: TXT, location: "https://feeds.example.com/c2.txt", category: COMMAND_AND_CONTROL, refreshIntervalMinutes: 15) { id name category refreshIntervalMinutes enabled status } }`,
      {},
      app.operatorToken,
    );
    expect(created.data?.createThreatFeed).toMatchObject({ name: "c2", category: "COMMAND_AND_CONTROL", refreshIntervalMinutes: 15, enabled: true, status: "ACTIVATING" });
    const id = created.data!.createThreatFeed.id;
    const updated = await app.gql(`mutation($i: ID!) { updateThreatFeed(id: $i, enabled: false) { enabled status } }`, { i: id }, app.operatorToken);
    expect(updated.data?.updateThreatFeed).toEqual({ enabled: false, status: "INACTIVE" });
    const refresh = await app.gql(`mutation($i: ID!) { refreshThreatFeed(id: $i) { id } }`, { i: id }, app.operatorToken);
    expect(refresh.errors?.[0].extensions?.code).toBe("CONFLICT");
    expect((await app.gql(`mutation($i: ID!) { deleteThreatFeed(id: $i) }`, { i: id }, app.operatorToken)).data).toEqual({ deleteThreatFeed: true });
  });
});
