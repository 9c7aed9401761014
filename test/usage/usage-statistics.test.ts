import { startTestApp, type TestApp } from "../support/app";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";

const DAY = 86_400_000;
const QUERY = `query($d: ID!, $a: [String!]) { getUsageStatistics(detectorId: $d, accountIds: $a) {
  from to total { objects events bytes }
  byAccount { accountId objects events bytes } byDataSource { dataSource objects events bytes }
  bySource { logSourceId name accountId dataSource objects events bytes } topSources { name bytes } } }`;

/** getUsageStatistics: what the ingestion ledger recorded in the last 30 days, summed GuardDuty's ways. */
describe("getUsageStatistics", () => {
  let app: TestApp;
  let admin: TestAccount;
  let member: TestAccount;
  let outsider: TestAccount;

  async function source(owner: TestAccount, name: string, kind: string): Promise<string> {
    const answer = await app.gql(`mutation($d: ID!, $n: String!, $k: LogSourceKind!) { createLogSource(detectorId: $d, input: {name: $n, kind: $k, location: "push"}) { logSourceId } }`, { d: owner.detectorId, n: name, k: kind }, owner.key);
    if (!answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data.createLogSource.logSourceId;
  }

  async function objects(logSourceId: string, list: Array<{ events: number; bytes: number; daysAgo: number }>): Promise<void> {
    await app.database.db.ingestedObject.createMany({
      data: list.map((o, i) => ({ logSourceId, objectKey: `o-${i}`, status: "DONE" as const, events: o.events, bytes: BigInt(o.bytes), processedAt: new Date(Date.now() - o.daysAgo * DAY) })),
    });
  }

  beforeAll(async () => {
    app = await startTestApp();
    admin = await accountWithDetector(app, "750000000001");
    member = await accountWithDetector(app, "750000000002");
    outsider = await accountWithDetector(app, "750000000003");
    await associate(app, admin, member);
    await objects(await source(admin, "admin-trail", "CLOUD_TRAIL"), [{ events: 100, bytes: 5_000, daysAgo: 1 }, { events: 50, bytes: 2_000, daysAgo: 40 }]);
    await objects(await source(member, "member-flows", "VPC_FLOW_LOGS"), [{ events: 1_000, bytes: 80_000, daysAgo: 2 }, { events: 10, bytes: 1_000, daysAgo: 29 }]);
    await objects(await source(member, "member-dns", "DNS_QUERY_LOGS"), []);
    await objects(await source(outsider, "outsider-trail", "CLOUD_TRAIL"), [{ events: 7, bytes: 700, daysAgo: 1 }]);
  });
  afterAll(() => app.close());

  it("sums the last 30 days by account, data source and source, with the top sources, for an administrator and its members", async () => {
    const stats = (await app.gql(QUERY, { d: admin.detectorId }, admin.key)).data!.getUsageStatistics;
    expect(stats.total).toEqual({ objects: 3, events: 1_110, bytes: 86_000 });
    expect(stats.byAccount).toEqual([
      { accountId: member.accountId, objects: 2, events: 1_010, bytes: 81_000 },
      { accountId: admin.accountId, objects: 1, events: 100, bytes: 5_000 },
    ]);
    expect(stats.byDataSource.map((d: { dataSource: string; bytes: number }) => [d.dataSource, d.bytes])).toEqual([["VPC_FLOW_LOGS", 81_000], ["CLOUD_TRAIL", 5_000], ["DNS_QUERY_LOGS", 0]]);
    expect(stats.bySource.map((s: { name: string }) => s.name)).toEqual(["member-flows", "admin-trail", "member-dns"]);
    // A source that processed nothing is listed, never a top source.
    expect(stats.topSources).toEqual([{ name: "member-flows", bytes: 81_000 }, { name: "admin-trail", bytes: 5_000 }]);
    expect(new Date(stats.to).getTime() - new Date(stats.from).getTime()).toBe(30 * DAY);
  });

  it("narrows to the accounts asked for, and shows a member only its own", async () => {
    const narrowed = (await app.gql(QUERY, { d: admin.detectorId, a: [admin.accountId] }, admin.key)).data!.getUsageStatistics;
    expect(narrowed.byAccount.map((a: { accountId: string }) => a.accountId)).toEqual([admin.accountId]);
    const own = (await app.gql(QUERY, { d: member.detectorId }, member.key)).data!.getUsageStatistics;
    expect(own.total).toEqual({ objects: 2, events: 1_010, bytes: 81_000 });
    const outsiders = (await app.gql(QUERY, { d: outsider.detectorId }, outsider.key)).data!.getUsageStatistics;
    expect(outsiders.byAccount).toEqual([{ accountId: outsider.accountId, objects: 1, events: 7, bytes: 700 }]);
  });

  it("refuses another account's detector and malformed account ids", async () => {
    expect((await app.gql(QUERY, { d: admin.detectorId }, outsider.key)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await app.gql(QUERY, { d: admin.detectorId, a: ["12345"] }, admin.key)).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
