import { ACCOUNT as ADMINISTRATOR } from "../ingest/support/cloudtrail";
import { eventually, startTestPipeline, type TestPipeline } from "../ingest/support/pipeline";
import { rootCalls, trailObject } from "./trail";

const SEEN_EARLY = "320000000001"; // registered, first seen while auto-enable is NONE
const NEWCOMER = "320000000002"; // registered, no detector yet, first seen under NEW
const UNREGISTERED = "320000000003"; // not an account of Vigil
const OTHERS_MEMBER = "320000000004"; // a member of another administrator
const OPERATOR = { kind: "operator" as const };

describe("organisation auto-enable (GuardDuty's autoEnableOrganizationMembers)", () => {
  let pipeline: TestPipeline;
  let sourceId: string;
  let pushed = 0;
  const db = () => pipeline.database.db;
  const organization = () => pipeline.services.organization;
  const detectorId = () => pipeline.owner.detectorId;

  const push = async (records: unknown[]) => {
    pushed++;
    await pipeline.queuePushed(sourceId, `push/${pushed}`, trailObject(records));
    await eventually(() => db().logSource.findUniqueOrThrow({ where: { id: sourceId } }), (s) => s.objectsProcessed === BigInt(pushed));
  };
  const membershipOf = (accountId: string) => db().membership.findFirst({ where: { administratorId: pipeline.owner.accountRowId, member: { accountId } } });

  beforeAll(async () => {
    pipeline = await startTestPipeline();
    await pipeline.startWorkers();
    await pipeline.services.organizationAdmins.enableOrganizationAdminAccount(OPERATOR, ADMINISTRATOR);
    await db().account.create({ data: { accountId: SEEN_EARLY, name: "early", email: "early@example.com", detector: { create: { id: "a".repeat(32), status: "ENABLED" } } } });
    await db().account.create({ data: { accountId: NEWCOMER, name: "newcomer", email: "newcomer@example.com" } });
    const other = await db().account.create({ data: { accountId: "320000000099", name: "other administrator", email: "o@example.com" } });
    const othersMember = await db().account.create({ data: { accountId: OTHERS_MEMBER, name: "taken", email: "t@example.com" } });
    await db().membership.create({ data: { administratorId: other.id, memberId: othersMember.id, email: "t@example.com", relationshipStatus: "ENABLED" } });
    sourceId = await pipeline.createSource({ name: "organisation trail", location: "push", organizationSource: true });
  });
  afterAll(() => pipeline.close());

  it("under NONE only lists the accounts seen as candidates", async () => {
    await push([...rootCalls(SEEN_EARLY, 2, "none"), ...rootCalls(UNREGISTERED, 1, "none")]);
    const candidates = await organization().listOrganizationCandidates(pipeline.owner, detectorId());
    expect(candidates.map((candidate) => [candidate.accountId, candidate.events])).toEqual([[SEEN_EARLY, 2], [UNREGISTERED, 1]]);
    expect(await db().membership.count({ where: { administratorId: pipeline.owner.accountRowId } })).toBe(0);
    expect(await organization().describeOrganizationConfiguration(pipeline.owner, detectorId())).toMatchObject({ autoEnableOrganizationMembers: "NONE", autoEnable: false });
  });

  it("under NEW makes accounts first seen from then on Enabled members, with a detector and the chosen data sources, audited", async () => {
    const configuration = await organization().updateOrganizationConfiguration(pipeline.owner, detectorId(), {
      autoEnableOrganizationMembers: "NEW",
      dataSources: [{ name: "S3_DATA_EVENTS", enabled: false }],
    });
    expect(configuration.dataSources).toContainEqual({ name: "S3_DATA_EVENTS", autoEnable: false });
    await push([...rootCalls(NEWCOMER, 1, "new"), ...rootCalls(SEEN_EARLY, 1, "new"), ...rootCalls(UNREGISTERED, 1, "new"), ...rootCalls(OTHERS_MEMBER, 1, "new")]);
    const enrolled = await eventually(() => membershipOf(NEWCOMER), (membership) => membership !== null);
    expect(enrolled!.relationshipStatus).toBe("ENABLED");
    const newcomer = await db().account.findUniqueOrThrow({ where: { accountId: NEWCOMER }, include: { detector: true } });
    expect(newcomer.detector).toMatchObject({ status: "ENABLED", cloudTrail: true, s3DataEvents: false });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { operation: "autoEnableOrganizationMember", targetId: NEWCOMER } });
    expect(audit).toMatchObject({ actorKind: "SYSTEM", accountId: pipeline.owner.accountRowId, relatedAccountId: newcomer.id });
    // Seen before NEW (not new), unknown to Vigil, or another organisation's: none enrolled.
    for (const accountId of [SEEN_EARLY, UNREGISTERED, OTHERS_MEMBER]) expect(await membershipOf(accountId)).toBeNull();
    expect((await organization().listOrganizationCandidates(pipeline.owner, detectorId())).map((candidate) => candidate.accountId)).toEqual([SEEN_EARLY, UNREGISTERED, OTHERS_MEMBER]);

    // From its enrolment on, the newcomer's events are its detector's findings.
    await push(rootCalls(NEWCOMER, 3, "after"));
    const findings = await eventually(() => db().finding.findMany({ where: { detectorId: newcomer.detector!.id } }), (rows) => rows.length > 0);
    expect(findings.map((finding) => [finding.accountId, finding.type, finding.count])).toEqual([[NEWCOMER, "Policy:IAMUser/RootCredentialUsage", 3]]);
  });

  it("under ALL enrolls every eligible candidate at once, and its members can neither leave nor be stopped", async () => {
    await organization().updateOrganizationConfiguration(pipeline.owner, detectorId(), { autoEnableOrganizationMembers: "ALL" });
    expect((await membershipOf(SEEN_EARLY))?.relationshipStatus).toBe("ENABLED");
    expect(await membershipOf(OTHERS_MEMBER)).toBeNull();
    const statistics = await organization().getOrganizationStatistics(pipeline.owner, detectorId());
    expect(statistics).toMatchObject({ totalAccountsCount: 5, memberAccountsCount: 2, enabledAccountsCount: 2, activeAccountsCount: 2 });
    // Auto-enable set the organisation's data sources in both detectors, the one that existed too.
    expect(statistics.countByDataSource).toContainEqual({ name: "S3_DATA_EVENTS", enabledAccountsCount: 0 });
    expect(statistics.countByDataSource).toContainEqual({ name: "CLOUD_TRAIL", enabledAccountsCount: 2 });

    await expect(pipeline.services.members.stopMonitoringMembers(pipeline.owner, detectorId(), [SEEN_EARLY])).rejects.toThrow(/autoEnableOrganizationMembers is ALL/);
    await expect(pipeline.services.members.disassociateMembers(pipeline.owner, detectorId(), [SEEN_EARLY])).rejects.toThrow(/autoEnableOrganizationMembers is ALL/);
    const early = await db().account.findUniqueOrThrow({ where: { accountId: SEEN_EARLY } });
    const earlyActor = { kind: "account" as const, accountRowId: early.id, accountId: SEEN_EARLY, apiKeyId: pipeline.owner.apiKeyId };
    await expect(pipeline.services.invitations.leave(earlyActor, "a".repeat(32))).rejects.toThrow(/autoEnableOrganizationMembers is ALL/);
    await expect(pipeline.services.organizationAdmins.disableOrganizationAdminAccount(OPERATOR, ADMINISTRATOR)).rejects.toThrow(/ALL/);

    // Back to NONE: the members stay, and the operator may now remove the designation, which disassociates them.
    await organization().updateOrganizationConfiguration(pipeline.owner, detectorId(), { autoEnableOrganizationMembers: "NONE" });
    await pipeline.services.organizationAdmins.disableOrganizationAdminAccount(OPERATOR, ADMINISTRATOR);
    expect((await membershipOf(SEEN_EARLY))?.relationshipStatus).toBe("REMOVED");
    expect((await db().logSource.findUniqueOrThrow({ where: { id: sourceId } })).organizationSource).toBe(false);
    expect(await pipeline.services.organizationAdmins.listOrganizationAdminAccounts(OPERATOR)).toEqual([]);
  });
});
