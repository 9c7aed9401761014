import { IntelRegistry } from "../../src/detection/intel/registry";
import { buildThreatIndex } from "../../src/detection/intel/threat-index";
import { logSourceStatus } from "../../src/services/log-sources/log-source-status";
import { ACCOUNT } from "./support/cloudtrail";
import { eventually, startTestPipeline, type TestPipeline } from "./support/pipeline";

const MEMBER = "210000000003";
const STRANGER = "999988887777";
/** On the owner's own threat list, and on the stranger's: whose list applies decides whether a finding is raised. */
const OWNERS_THREAT = "45.154.9.9";
const STRANGERS_THREAT = "45.154.9.10";

function threatList(id: string, address: string) {
  return { trusted: [], threat: [{ id, name: `${id} list`, entries: [{ value: address, kind: "ipv4" as const }] }] };
}

/** `count` root calls made in `account` (each raises RootCredentialUsage there, one finding counting them all). */
function rootCalls(account: string, count: number, idPrefix: string, sourceIPAddress = "198.51.100.20"): unknown[] {
  return Array.from({ length: count }, (_, index) => ({
    eventVersion: "1.10",
    eventTime: new Date(Date.UTC(2026, 2, 1) + index * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "s3.amazonaws.com",
    eventName: "ListBuckets",
    awsRegion: "us-east-1",
    sourceIPAddress,
    userAgent: "aws-cli/2.15.0",
    userIdentity: { type: "Root", principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account },
    eventID: `${idPrefix}-${account}-${index}`,
    eventType: "AwsApiCall",
    readOnly: true,
    recipientAccountId: account,
  }));
}

/** A trail object of the owner (ACCOUNT, an organisation's administrator) that also holds its member's and a stranger's calls. */
function mixedObject(idPrefix: string): string {
  return JSON.stringify({ Records: [...rootCalls(ACCOUNT, 3, idPrefix), ...rootCalls(MEMBER, 2, idPrefix), ...rootCalls(STRANGER, 4, idPrefix)] });
}

describe("tenant attribution: a finding belongs to the log source's owner", () => {
  let pipeline: TestPipeline;
  const memberDetectorId = "d".repeat(32);

  beforeAll(async () => {
    const intel = new IntelRegistry(buildThreatIndex({ accounts: { [ACCOUNT]: threatList("owner", OWNERS_THREAT), [STRANGER]: threatList("stranger", STRANGERS_THREAT) } }));
    pipeline = await startTestPipeline({ analysis: { intel } });
    await pipeline.startWorkers();
    const { db } = pipeline.database;
    await pipeline.services.organizationAdmins.enableOrganizationAdminAccount({ kind: "operator" }, ACCOUNT);
    const member = await db.account.create({ data: { accountId: MEMBER, name: MEMBER, email: `${MEMBER}@example.com`, detector: { create: { id: memberDetectorId, status: "ENABLED" } } } });
    await db.account.create({ data: { accountId: STRANGER, name: STRANGER, email: `${STRANGER}@example.com` } });
    await db.membership.create({ data: { administratorId: pipeline.owner.accountRowId, memberId: member.id, email: `${MEMBER}@example.com`, relationshipStatus: "ENABLED" } });
  });
  afterAll(() => pipeline.close());

  // Both sources are the owner's detector's: the second test compares counts before and after its object.
  const rootFindings = (detectorId = pipeline.owner.detectorId) =>
    pipeline.database.db.finding.findMany({ where: { type: "Policy:IAMUser/RootCredentialUsage", detectorId }, orderBy: { accountId: "asc" } });
  const processed = async (logSourceId: string, key: string, body: string) => {
    await pipeline.queuePushed(logSourceId, key, body);
    const source = await eventually(() => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id: logSourceId } }), (s) => s.objectsProcessed === 1n);
    return { status: logSourceStatus(source), object: await pipeline.database.db.ingestedObject.findUniqueOrThrow({ where: { logSourceId_objectKey: { logSourceId, objectKey: key } } }) };
  };

  it("drops and counts the events of every other account in a source that is not an organisation source", async () => {
    const id = await pipeline.createSource({ name: "own trail", location: "push" });
    const { status, object } = await processed(id, "push/own", mixedObject("own"));
    expect(status).toMatchObject({ eventsProcessed: 9, eventsDroppedOtherAccount: 6, eventsDroppedOutsideOrganization: 0 });
    expect(object.detail).toBe("6 event(s) of other accounts dropped (not an organisation source)");
    const findings = await rootFindings();
    expect(findings.map((finding) => [finding.accountId, finding.count])).toEqual([[ACCOUNT, 3]]);
  });

  it("routes a member's events to the member's detector in an organisation source, and drops and counts a stranger's", async () => {
    const id = await pipeline.createSource({ name: "organisation trail", location: "push", organizationSource: true });
    const before = new Map((await rootFindings()).map((finding) => [finding.accountId, finding.count]));
    const { status, object } = await processed(id, "push/organisation", mixedObject("organisation"));
    expect(status).toMatchObject({ eventsProcessed: 9, eventsDroppedOtherAccount: 0, eventsDroppedOutsideOrganization: 4 });
    expect(object.detail).toBe("4 event(s) of accounts outside the organisation dropped");
    const after = new Map((await rootFindings()).map((finding) => [finding.accountId, finding.count]));
    expect(after.get(ACCOUNT)! - (before.get(ACCOUNT) ?? 0)).toBe(3);
    expect([...after.keys()]).toEqual([ACCOUNT]);
    expect((await rootFindings(memberDetectorId)).map((finding) => [finding.accountId, finding.count])).toEqual([[MEMBER, 2]]);
    expect(await pipeline.database.db.finding.count({ where: { accountId: STRANGER } })).toBe(0);
    const counted = await pipeline.database.db.logSourceAccountEvents.findMany({ where: { logSourceId: id } });
    expect(counted.map((row) => [row.accountId, row.events])).toEqual([[STRANGER, 4n]]);
  });

  it("applies the owner's threat lists, never those of an account its events name", async () => {
    const id = await pipeline.createSource({ name: "lists", location: "push" });
    const body = JSON.stringify({
      Records: [...rootCalls(ACCOUNT, 1, "owners-ip", OWNERS_THREAT), ...rootCalls(ACCOUNT, 1, "strangers-ip", STRANGERS_THREAT), ...rootCalls(STRANGER, 1, "stranger", STRANGERS_THREAT)],
    });
    await processed(id, "push/lists", body);
    const custom = await pipeline.database.db.finding.findMany({ where: { detectorId: pipeline.owner.detectorId, type: { contains: "MaliciousIPCaller.Custom" } } });
    expect(custom.map((finding) => [finding.accountId, JSON.stringify(finding.data).includes(OWNERS_THREAT)])).toEqual([[ACCOUNT, true]]);
  });

  it("is switched on and off through the log source's organizationSource flag", async () => {
    const id = await pipeline.createSource({ name: "flag", location: "push" });
    expect((await pipeline.services.logSources.get(pipeline.owner, id)).organizationSource).toBe(false);
    const updated = await pipeline.services.logSources.update(pipeline.owner, id, { organizationSource: true });
    expect(updated.organizationSource).toBe(true);
  });
});
