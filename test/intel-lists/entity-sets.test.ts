import { startTestApp, type TestApp } from "../support/app";
import { accountWithDetector, type TestAccount } from "../support/accounts";

/** GuardDuty's entity lists: TrustedEntitySet and ThreatEntitySet, IPs and domains, beside the IP lists. */
describe("entity sets", () => {
  let app: TestApp;
  let owner: TestAccount;

  beforeAll(async () => {
    app = await startTestApp();
    owner = await accountWithDetector(app, "730000000001");
  });
  afterAll(() => app.close());

  const CREATE_TRUSTED = `mutation($d: ID!, $n: String!, $c: String!) { createTrustedEntitySet(detectorId: $d, name: $n, format: TXT, activate: true, content: $c) { trustedEntitySetId name status } }`;

  it("keeps one trusted entity list per account, beside the trusted IP list", async () => {
    const ipSet = await app.gql(`mutation($d: ID!) { createIPSet(detectorId: $d, name: "office", format: TXT, activate: false, content: "8.8.8.8") { ipSetId } }`, { d: owner.detectorId }, owner.key);
    expect(ipSet.errors).toBeUndefined();
    const first = await app.gql(CREATE_TRUSTED, { d: owner.detectorId, n: "partners", c: "partner.example.com\n*.cdn.example.org\n93.184.216.0/24\n" }, owner.key);
    expect(first.data?.createTrustedEntitySet).toMatchObject({ name: "partners", status: "ACTIVATING" });
    const second = await app.gql(CREATE_TRUSTED, { d: owner.detectorId, n: "more", c: "other.example.com" }, owner.key);
    expect(second.errors?.[0]).toMatchObject({ extensions: { code: "CONFLICT" } });
    expect(second.errors?.[0].message).toMatch(/at most 1 trusted entity list/);
  });

  it("loads IPs and domains through the list engine, and lists each generation apart", async () => {
    const listed = await app.gql(`query($d: ID!) { listTrustedEntitySets(detectorId: $d) { trustedEntitySets { trustedEntitySetId name } } listIPSets(detectorId: $d) { ipSets { ipSetId name } } }`, { d: owner.detectorId }, owner.key);
    const [entitySet] = listed.data!.listTrustedEntitySets.trustedEntitySets;
    expect(listed.data!.listIPSets.ipSets.map((s: { name: string }) => s.name)).toEqual(["office"]);
    const row = await app.database.db.intelList.findUniqueOrThrow({ where: { id: entitySet.trustedEntitySetId } });
    expect(row).toMatchObject({ kind: "TRUSTED", setType: "ENTITY_SET" });
    expect(await app.services.listActivation.activate(row.id, row.updatedAt.getTime())).toBe("ACTIVE");
    const loaded = await app.gql(`query($d: ID!, $i: ID!) { getTrustedEntitySet(detectorId: $d, trustedEntitySetId: $i) { status entryCount entryKinds } }`, { d: owner.detectorId, i: row.id }, owner.key);
    expect(loaded.data!.getTrustedEntitySet).toEqual({ status: "ACTIVE", entryCount: 3, entryKinds: expect.arrayContaining(["DOMAIN", "WILDCARD", "CIDR4"]) });
    // An entity set is not an IP set: its id names nothing under the other generation's operations.
    const crossed = await app.gql(`query($d: ID!, $i: ID!) { getIPSet(detectorId: $d, ipSetId: $i) { ipSetId } }`, { d: owner.detectorId, i: row.id }, owner.key);
    expect(crossed.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("creates, updates and deletes threat entity lists, with their own audit operations", async () => {
    const created = await app.gql(
      `mutation($d: ID!) { createThreatEntitySet(detectorId: $d, name: "c2 domains", format: TXT, activate: false, content: "evil.example.net") { threatEntitySetId status } }`,
      { d: owner.detectorId },
      owner.key,
    );
    const id = created.data!.createThreatEntitySet.threatEntitySetId;
    const renamed = await app.gql(`mutation($d: ID!, $i: ID!) { updateThreatEntitySet(detectorId: $d, threatEntitySetId: $i, name: "c2") { name } }`, { d: owner.detectorId, i: id }, owner.key);
    expect(renamed.data!.updateThreatEntitySet.name).toBe("c2");
    const deleted = await app.gql(`mutation($d: ID!, $i: ID!) { deleteThreatEntitySet(detectorId: $d, threatEntitySetId: $i) }`, { d: owner.detectorId, i: id }, owner.key);
    expect(deleted.data!.deleteThreatEntitySet).toBe(true);
    const operations = (await app.database.db.auditEvent.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } })).map((e) => [e.operation, e.targetType]);
    expect(operations).toEqual([
      ["createThreatEntitySet", "ThreatEntitySet"],
      ["updateThreatEntitySet", "ThreatEntitySet"],
      ["deleteThreatEntitySet", "ThreatEntitySet"],
    ]);
  });
});
