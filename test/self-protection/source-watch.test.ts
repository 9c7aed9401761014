import { startTestApp, type TestApp } from "../support/app";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";

const MINUTE = 60_000;

/** The watch of the log sources: a source failing for ten poll intervals, and a source with a rhythm gone silent. */
describe("self-protection: failing and silent log sources", () => {
  let app: TestApp;
  let admin: TestAccount;
  let member: TestAccount;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await accountWithDetector(app, "720000000001");
    member = await accountWithDetector(app, "720000000002");
    await associate(app, admin, member);
  });
  afterAll(() => app.close());

  async function pushSource(name: string): Promise<string> {
    const answer = await app.gql(`mutation($d: ID!, $n: String!) { createLogSource(detectorId: $d, input: {name: $n, kind: VPC_FLOW_LOGS, location: "push", pollIntervalSeconds: 60}) { logSourceId } }`, { d: member.detectorId, n: name }, member.key);
    if (!answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data.createLogSource.logSourceId;
  }

  function findingsOf(type: string) {
    return app.database.db.finding.findMany({ where: { type }, orderBy: { detectorId: "asc" } });
  }

  it("a source failing for more than ten poll intervals raises Stealth:Vigil/LogSourceFailing once, for the member and its administrator", async () => {
    const sourceId = await pushSource("failing");
    await app.services.ingestion.noteLocationProblem(sourceId, "AccessDenied: the bucket policy refuses Vigil");
    const { failingSince } = await app.database.db.logSource.findUniqueOrThrow({ where: { id: sourceId } });
    expect(failingSince).not.toBeNull();
    // A second failure does not move when the failing began.
    await app.services.ingestion.noteLocationProblem(sourceId, "AccessDenied again");
    expect((await app.database.db.logSource.findUniqueOrThrow({ where: { id: sourceId } })).failingSince).toEqual(failingSince);

    const began = failingSince!.getTime();
    expect(await app.services.selfProtection.watchSources(began + 9 * MINUTE)).toBe(0);
    expect(await app.services.selfProtection.watchSources(began + 11 * MINUTE)).toBe(2);
    expect(await app.services.selfProtection.watchSources(began + 20 * MINUTE)).toBe(0);
    const rows = await findingsOf("Stealth:Vigil/LogSourceFailing");
    expect(rows.map((r) => [r.detectorId, r.accountId, r.count]).sort()).toEqual([[admin.detectorId, member.accountId, 1], [member.detectorId, member.accountId, 1]].sort());
    expect(rows[0].title).toBe(`Log source failing of account ${member.accountId} has been failing for 11 min.`);
    expect((rows[0].data as any).description).toContain("AccessDenied again");

    await app.services.ingestion.recordListing(sourceId, "cursor-after-recovery");
    expect((await app.database.db.logSource.findUniqueOrThrow({ where: { id: sourceId } })).failingSince).toBeNull();
    await app.database.db.logSource.delete({ where: { id: sourceId } });
  });

  it("a source that delivered every 5 minutes and stopped raises Stealth:Vigil/LogSourceSilent after 10 of its intervals, once per silence", async () => {
    const sourceId = await pushSource("regional-flows");
    const last = Date.UTC(2026, 11, 7, 0, 0, 0);
    await app.database.db.ingestedObject.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({ logSourceId: sourceId, objectKey: `flow-${i}`, status: "DONE" as const, processedAt: new Date(last - (11 - i) * 5 * MINUTE) })),
    });
    expect(await app.services.selfProtection.watchSources(last + 49 * MINUTE)).toBe(0);
    expect(await app.services.selfProtection.watchSources(last + 51 * MINUTE)).toBe(2);
    expect(await app.services.selfProtection.watchSources(last + 90 * MINUTE)).toBe(0);
    const rows = await findingsOf("Stealth:Vigil/LogSourceSilent");
    expect(rows.map((r) => r.detectorId).sort()).toEqual([admin.detectorId, member.detectorId].sort());
    expect((rows[0].data as any).description).toBe(
      `Log source regional-flows of account ${member.accountId} delivered an object about every 5 min and none since ${new Date(last).toISOString()} (51 min). ` +
        "A trail or flow log deleted or redirected (perhaps from another region) looks exactly like this.",
    );

    // Deliveries resume, then stop again: a new silence, a new finding.
    await app.database.db.ingestedObject.create({ data: { logSourceId: sourceId, objectKey: "flow-resumed", status: "DONE", processedAt: new Date(last + 95 * MINUTE) } });
    expect(await app.services.selfProtection.watchSources(last + 100 * MINUTE)).toBe(0);
    expect(await app.services.selfProtection.watchSources(last + 150 * MINUTE)).toBe(2);
  });

  it("a source without a rhythm, or disabled, is never silent", async () => {
    const sparse = await pushSource("sparse");
    await app.database.db.ingestedObject.createMany({
      data: Array.from({ length: 3 }, (_, i) => ({ logSourceId: sparse, objectKey: `o-${i}`, status: "DONE" as const, processedAt: new Date(Date.UTC(2026, 0, 1) + i * 5 * MINUTE) })),
    });
    const disabled = await pushSource("disabled");
    await app.database.db.ingestedObject.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({ logSourceId: disabled, objectKey: `o-${i}`, status: "DONE" as const, processedAt: new Date(Date.UTC(2026, 0, 1) + i * 5 * MINUTE) })),
    });
    await app.database.db.logSource.update({ where: { id: disabled }, data: { enabled: false } });
    const before = (await findingsOf("Stealth:Vigil/LogSourceSilent")).length;
    await app.services.selfProtection.watchSources(Date.UTC(2026, 11, 7, 6, 0, 0));
    const after = await findingsOf("Stealth:Vigil/LogSourceSilent");
    expect(after.filter((r) => JSON.stringify(r.data).includes(sparse) || JSON.stringify(r.data).includes(disabled))).toEqual([]);
    expect(after.length).toBe(before);
  });
});
