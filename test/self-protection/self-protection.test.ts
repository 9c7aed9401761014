import type { FindingsUpsertedEvent } from "../../src/realtime/topics";
import { startTestApp, type TestApp } from "../support/app";
import { recordTopic } from "../support/topic-recorder";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";

type StoredRow = { detectorId: string; accountId: string; type: string; severity: number; title: string; count: number; data: any };

/**
 * Each self-protection finding from the change that raises it, through the API: stored in the
 * detectors of the account concerned and of its administrator, and announced for live subscribers.
 */
describe("self-protection findings", () => {
  let app: TestApp;
  let admin: TestAccount;
  let member: TestAccount;
  let recorded: { events: FindingsUpsertedEvent[]; stop(): void };

  beforeAll(async () => {
    app = await startTestApp();
    recorded = recordTopic(app.services.pubSub, "FINDINGS_UPSERTED");
  });
  afterAll(async () => {
    recorded.stop();
    await app.close();
  });

  let accountSeq = 0;
  async function pair(): Promise<void> {
    accountSeq += 2;
    admin = await accountWithDetector(app, `71000000${String(accountSeq).padStart(4, "0")}`);
    member = await accountWithDetector(app, `71000000${String(accountSeq + 1).padStart(4, "0")}`);
    await associate(app, admin, member);
  }

  async function stored(type: string): Promise<StoredRow[]> {
    const rows = await app.database.db.finding.findMany({ where: { type, detectorId: { in: [admin.detectorId, member.detectorId] } }, orderBy: { detectorId: "asc" } });
    return rows as unknown as StoredRow[];
  }

  async function ok(query: string, variables: Record<string, unknown>, key: string): Promise<Record<string, any>> {
    const answer = await app.gql(query, variables, key);
    if (!answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data;
  }

  /** Whether the finding's announcement arrived over Redis pub/sub within 5 s (it travels after the write). */
  async function wasAnnounced(detectorId: string, findingId: string): Promise<boolean> {
    const heard = () => recorded.events.some((event) => event.detectorId === detectorId && event.findings.some((f) => f.id === findingId));
    for (let waited = 0; !heard() && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    return heard();
  }

  beforeEach(pair);

  it("a member's detector disabled: Stealth:Vigil/DetectionImpaired for the member and its administrator, announced", async () => {
    await ok(`mutation($d: ID!) { updateDetector(detectorId: $d, enable: false) { status } }`, { d: member.detectorId }, member.key);
    const rows = await stored("Stealth:Vigil/DetectionImpaired");
    expect(rows.map((r) => r.detectorId).sort()).toEqual([admin.detectorId, member.detectorId].sort());
    for (const row of rows) {
      expect(row.accountId).toBe(member.accountId);
      expect(row.severity).toBe(8);
      expect(row.title).toBe(`Vigil's detection for account ${member.accountId} was impaired: detector ${member.detectorId} was disabled.`);
      expect(row.data.description).toContain(`account ${member.accountId} changed Vigil's configuration`);
      expect(await wasAnnounced(row.detectorId, row.data.id)).toBe(true);
    }
    // Only a change that blinds: enabling it again raises nothing more.
    await ok(`mutation($d: ID!) { updateDetector(detectorId: $d, enable: true) { status } }`, { d: member.detectorId }, member.key);
    expect((await stored("Stealth:Vigil/DetectionImpaired")).map((r) => r.count)).toEqual([1, 1]);
  });

  it("a data source switched off by the administrator: DetectionImpaired naming it", async () => {
    await ok(
      `mutation($d: ID!, $ids: [String!]!) { updateMemberDetectors(detectorId: $d, accountIds: $ids, dataSources: [{name: FLOW_LOGS, enable: false}]) { unprocessedAccounts { accountId } } }`,
      { d: admin.detectorId, ids: [member.accountId] },
      admin.key,
    );
    const rows = await stored("Stealth:Vigil/DetectionImpaired");
    expect(rows).toHaveLength(2);
    expect(rows[0].title).toContain(`data source FLOW_LOGS of detector ${member.detectorId} was turned off`);
    expect(rows[0].data.resource.accessKeyDetails.userName).toBe(`account ${admin.accountId}`);
  });

  it("a log source deleted: Stealth:Vigil/LogSourceRemoved", async () => {
    const created = await ok(`mutation($d: ID!) { createLogSource(detectorId: $d, input: {name: "org-trail", kind: CLOUD_TRAIL, location: "push"}) { logSourceId } }`, { d: member.detectorId }, member.key);
    expect(await stored("Stealth:Vigil/LogSourceRemoved")).toEqual([]);
    await ok(`mutation($s: ID!) { deleteLogSource(logSourceId: $s) }`, { s: created.createLogSource.logSourceId }, member.key);
    const rows = await stored("Stealth:Vigil/LogSourceRemoved");
    expect(rows).toHaveLength(2);
    expect(rows[0].title).toBe(`Log source org-trail of account ${member.accountId} was deleted.`);
  });

  it("monitoring stopped: Stealth:Vigil/MonitoringStopped about the member", async () => {
    await ok(`mutation($d: ID!, $ids: [String!]!) { stopMonitoringMembers(detectorId: $d, accountIds: $ids) { unprocessedAccounts { accountId } } }`, { d: admin.detectorId, ids: [member.accountId] }, admin.key);
    const rows = await stored("Stealth:Vigil/MonitoringStopped");
    expect(rows.map((r) => [r.detectorId, r.accountId]).sort()).toEqual([[admin.detectorId, member.accountId], [member.detectorId, member.accountId]].sort());
  });

  it("a member leaving: Stealth:Vigil/MemberLeft, kept by the administrator after the member is gone", async () => {
    await ok(`mutation($d: ID!) { disassociateFromAdministratorAccount(detectorId: $d) }`, { d: member.detectorId }, member.key);
    const rows = await stored("Stealth:Vigil/MemberLeft");
    expect(rows.map((r) => r.detectorId).sort()).toEqual([admin.detectorId, member.detectorId].sort());
    expect(rows[0].title).toBe(`Member account ${member.accountId} left its administrator: it disassociated from its administrator.`);
    const seen = await ok(`query($d: ID!) { listFindings(detectorId: $d, findingCriteria: {criterion: [{attribute: "type", equals: ["Stealth:Vigil/MemberLeft"]}]}) { findings { accountId type } } }`, { d: admin.detectorId }, admin.key);
    expect(seen.listFindings.findings).toEqual([{ accountId: member.accountId, type: "Stealth:Vigil/MemberLeft" }]);
  });

  it("an administrator disassociating a member: MemberLeft", async () => {
    await ok(`mutation($d: ID!, $ids: [String!]!) { disassociateMembers(detectorId: $d, accountIds: $ids) { unprocessedAccounts { accountId } } }`, { d: admin.detectorId, ids: [member.accountId] }, admin.key);
    const rows = await stored("Stealth:Vigil/MemberLeft");
    expect(rows).toHaveLength(2);
    expect(rows[0].title).toContain("its administrator disassociated it");
  });

  it("a suppression rule that archives High findings: Stealth:Vigil/SuppressionArchivesHigh; one limited to Low findings raises nothing", async () => {
    await ok(
      `mutation($d: ID!) { createFilter(detectorId: $d, name: "quiet-lows", action: ARCHIVE, findingCriteria: {criterion: [{attribute: "severity", lessThan: 4}]}) { name } }`,
      { d: admin.detectorId },
      admin.key,
    );
    await ok(`mutation($d: ID!) { createFilter(detectorId: $d, name: "noop", action: NOOP, findingCriteria: {criterion: [{attribute: "severity", greaterThan: 7}]}) { name } }`, { d: admin.detectorId }, admin.key);
    expect(await stored("Stealth:Vigil/SuppressionArchivesHigh")).toEqual([]);
    await ok(
      `mutation($d: ID!) { updateFilter(detectorId: $d, filterName: "quiet-lows", findingCriteria: {criterion: [{attribute: "type", equals: ["Backdoor:EC2/C&CActivity.B"]}]}) { name } }`,
      { d: admin.detectorId },
      admin.key,
    );
    const rows = await stored("Stealth:Vigil/SuppressionArchivesHigh");
    expect(rows.map((r) => r.detectorId)).toEqual([admin.detectorId]);
    expect(rows[0].data.description).toContain("(Backdoor:EC2/C&CActivity.B)");
    expect(JSON.parse(rows[0].data.service.additionalInfo.value).archivedHighTypes).toEqual(["Backdoor:EC2/C&CActivity.B"]);
  });

  /** The administrator's trusted list (members use their administrator's), created or given new content, then loaded as a worker would. */
  async function trustedListWith(content: string, ipSetId?: string): Promise<string> {
    const answer = ipSetId
      ? await ok(`mutation($d: ID!, $l: ID!, $c: String!) { updateIPSet(detectorId: $d, ipSetId: $l, content: $c, activate: true) { ipSetId } }`, { d: admin.detectorId, l: ipSetId, c: content }, admin.key)
      : await ok(`mutation($d: ID!, $c: String!) { createIPSet(detectorId: $d, name: "partners", format: TXT, activate: true, content: $c) { ipSetId } }`, { d: admin.detectorId, c: content }, admin.key);
    const id: string = (answer.updateIPSet ?? answer.createIPSet).ipSetId;
    const list = await app.database.db.intelList.findUniqueOrThrow({ where: { id } });
    expect(await app.services.listActivation.activate(list.id, list.updatedAt.getTime())).toBe("ACTIVE");
    return id;
  }

  it("a trusted list wider than a /16 of public space: Stealth:Vigil/TrustedListBroadened", async () => {
    await trustedListWith("93.184.216.0/24\n52.0.0.0/12\n10.0.0.0/8\n");
    const rows = await stored("Stealth:Vigil/TrustedListBroadened");
    expect(rows.map((r) => r.detectorId)).toEqual([admin.detectorId]);
    expect(rows[0].title).toBe(`Trusted list partners of account ${admin.accountId} now trusts networks wider than a /16: 52.0.0.0/12.`);
    expect(await wasAnnounced(admin.detectorId, rows[0].data.id)).toBe(true);
  });

  it("a trusted list covering an address of a current finding: TrustedListBroadened naming it; a narrow unrelated list raises nothing", async () => {
    const caller = { kind: "account" as const, accountRowId: (await accountRow(admin)).id, accountId: admin.accountId, apiKeyId: "test" };
    await app.services.findings.createSamples(caller, admin.detectorId, ["Recon:EC2/Portscan"]);
    // Samples are not current findings: this one stands for a finding ingestion stored, from a public address.
    const sample = await app.database.db.finding.findFirstOrThrow({ where: { detectorId: admin.detectorId } });
    const address = (sample.data as any).service.action.networkConnectionAction.remoteIpDetails.ipAddressV4 as string;
    await app.database.db.finding.update({ where: { id: sample.id }, data: { sample: false, data: JSON.parse(JSON.stringify(sample.data).replaceAll(address, "93.184.216.34")) } });
    const listId = await trustedListWith("8.8.4.4\n");
    expect(await stored("Stealth:Vigil/TrustedListBroadened")).toEqual([]);
    await trustedListWith("93.184.216.0/24\n", listId);
    const rows = await stored("Stealth:Vigil/TrustedListBroadened");
    expect(rows.map((r) => r.detectorId)).toEqual([admin.detectorId]);
    expect(rows[0].title).toContain("addresses of current findings: 93.184.216.34");
  });

  async function accountRow(account: TestAccount) {
    return app.database.db.account.findUniqueOrThrow({ where: { accountId: account.accountId } });
  }
});
