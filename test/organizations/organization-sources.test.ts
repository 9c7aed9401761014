import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parseListingState } from "../../src/ingest/locations/listing-state";
import { ACCOUNT as ADMINISTRATOR } from "../ingest/support/cloudtrail";
import { startPipelineServer } from "../ingest/support/http-server";
import { eventually, startTestPipeline, type TestPipeline } from "../ingest/support/pipeline";
import { S3RVER_CREDENTIALS, startTestS3, type TestS3 } from "../ingest/support/s3-server";
import { organizationTrailKey, rootCalls, trailObject } from "./trail";

const MEMBER = "310000000001";
const STRANGER = "990000000009";
const ROOT = "Policy:IAMUser/RootCredentialUsage";
const OPERATOR = { kind: "operator" as const };

/**
 * The done-when test of issue 21: an organisation trail's layout holding three accounts (the
 * administrator, an Enabled member, a stranger), read from a folder and from S3. Each account's
 * events raise findings on its own detector; the stranger's are only counted.
 */
describe("organisation sources", () => {
  let pipeline: TestPipeline;
  let s3: TestS3;
  const memberDetectorId = "e".repeat(32);
  const db = () => pipeline.database.db;

  beforeAll(async () => {
    [pipeline, s3] = await Promise.all([startTestPipeline(), startTestS3()]);
    await pipeline.startWorkers();
    await pipeline.services.organizationAdmins.enableOrganizationAdminAccount(OPERATOR, ADMINISTRATOR);
    const member = await db().account.create({ data: { accountId: MEMBER, name: "member", email: "member@example.com", detector: { create: { id: memberDetectorId, status: "ENABLED" } } } });
    await db().membership.create({ data: { administratorId: pipeline.owner.accountRowId, memberId: member.id, email: "member@example.com", relationshipStatus: "ENABLED" } });
  });
  afterAll(async () => {
    await pipeline.close();
    await s3.close();
  });

  /** The layout: one object per account, as an organisation trail writes them (the administrator's 3 calls, the member's 2, the stranger's 4). */
  const layout = (tag: string) => [
    { key: organizationTrailKey(ADMINISTRATOR, tag), body: trailObject(rootCalls(ADMINISTRATOR, 3, tag)) },
    { key: organizationTrailKey(MEMBER, tag), body: trailObject(rootCalls(MEMBER, 2, tag)) },
    { key: organizationTrailKey(STRANGER, tag), body: trailObject(rootCalls(STRANGER, 4, tag)) },
  ];

  const expectRouted = async (logSourceId: string, before: Map<string, number>) => {
    const source = await eventually(() => db().logSource.findUniqueOrThrow({ where: { id: logSourceId } }), (s) => s.objectsProcessed === 3n);
    expect(source).toMatchObject({ eventsProcessed: 9n, eventsDroppedOutsideOrganization: 4n, eventsDroppedOtherAccount: 0n });
    const findings = await db().finding.findMany({ where: { type: ROOT }, orderBy: { accountId: "asc" } });
    // Each account's finding is on its own detector, and carries its account id; the stranger has none anywhere.
    expect(findings.map((finding) => [finding.accountId, finding.detectorId])).toEqual([
      [ADMINISTRATOR, pipeline.owner.detectorId],
      [MEMBER, memberDetectorId],
    ]);
    const added = new Map(findings.map((finding) => [finding.accountId, finding.count - (before.get(finding.accountId) ?? 0)]));
    expect(Object.fromEntries(added)).toEqual({ [ADMINISTRATOR]: 3, [MEMBER]: 2 });
    expect(await db().finding.count({ where: { accountId: STRANGER } })).toBe(0);
    const counted = await pipeline.services.logSources.otherAccountEvents(pipeline.owner, logSourceId);
    expect(counted.map((row) => [row.accountId, row.events])).toEqual([[STRANGER, 4]]);
    expect(await scrape()).toContain(`vigil_organization_source_other_account_events_total{log_source_id="${logSourceId}",detector_id="${pipeline.owner.detectorId}",account_id="${ADMINISTRATOR}",kind="CLOUD_TRAIL",event_account_id="${STRANGER}"} 4`);
  };

  /** GET /metrics from an API server in front of the pipeline. */
  const scrape = async (): Promise<string> => {
    const metrics = { ledger: pipeline.services.ingestion, queues: pipeline.ingest.queues, operations: pipeline.services.operations, publisher: pipeline.services.publisher, tokens: ["metrics-token"] };
    const api = await startPipelineServer(pipeline, { metrics });
    try {
      return await (await fetch(`${api.server.url}/metrics`, { headers: { authorization: "Bearer metrics-token" } })).text();
    } finally {
      await api.close();
    }
  };

  const countsNow = async () => new Map((await db().finding.findMany({ where: { type: ROOT } })).map((finding) => [finding.accountId, finding.count]));

  it("routes a folder's organisation trail to each account's detector and only counts the stranger", async () => {
    const folder = path.join(pipeline.logsRoot, "organisation-trail");
    for (const object of layout("folder")) {
      await mkdir(path.dirname(path.join(folder, object.key)), { recursive: true });
      await writeFile(path.join(folder, object.key), gzipSync(object.body));
    }
    const before = await countsNow();
    const id = await pipeline.createSource({ name: "organisation trail (folder)", location: "organisation-trail", organizationSource: true });
    await expectRouted(id, before);
  });

  it("does the same from S3, with one cursor per account and region prefix", async () => {
    await s3.createBucket("organisation-trail");
    for (const object of layout("s3")) await s3.putGzip("organisation-trail", object.key, object.body);
    const before = await countsNow();
    const id = await pipeline.createSource({ name: "organisation trail (S3)", location: "s3://organisation-trail/AWSLogs/", s3Endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS, organizationSource: true });
    await expectRouted(id, before);
    const streams = Object.keys(parseListingState((await db().logSource.findUniqueOrThrow({ where: { id } })).cursor).streams ?? {}).sort();
    expect(streams).toEqual([ADMINISTRATOR, MEMBER, STRANGER].map((account) => `AWSLogs/o-exampleorg1/${account}/CloudTrail/us-east-1/`).sort());
  });

  it("applies the member's own data-source settings: its events are not analysed while its CloudTrail is off", async () => {
    await db().detector.update({ where: { id: memberDetectorId }, data: { cloudTrail: false } });
    // Workers cache an organisation's routes for a minute; this test does not wait for it.
    pipeline.services.organizations.forget(pipeline.owner.accountRowId);
    try {
      const id = await pipeline.createSource({ name: "organisation trail (push)", location: "push", organizationSource: true });
      const before = await countsNow();
      await pipeline.queuePushed(id, "push/mixed", trailObject([...rootCalls(ADMINISTRATOR, 1, "push"), ...rootCalls(MEMBER, 5, "push")]));
      await eventually(() => db().logSource.findUniqueOrThrow({ where: { id } }), (s) => s.objectsProcessed === 1n);
      const after = await countsNow();
      expect([after.get(ADMINISTRATOR)! - before.get(ADMINISTRATOR)!, after.get(MEMBER)! - before.get(MEMBER)!]).toEqual([1, 0]);
    } finally {
      await db().detector.update({ where: { id: memberDetectorId }, data: { cloudTrail: true } });
      pipeline.services.organizations.forget(pipeline.owner.accountRowId);
    }
  });

  it("lets only a designated administrator mark its own source an organisation source", async () => {
    const memberActor = { kind: "account" as const, accountRowId: (await db().account.findUniqueOrThrow({ where: { accountId: MEMBER } })).id, accountId: MEMBER, apiKeyId: pipeline.owner.apiKeyId };
    // The member on its own detector, and the administrator on its member's detector: both refused.
    await expect(pipeline.services.logSources.create(memberActor, memberDetectorId, { name: "x", kind: "CLOUD_TRAIL", location: "push", organizationSource: true })).rejects.toThrow(/Only an organisation's administrator/);
    await expect(pipeline.services.logSources.create(pipeline.owner, memberDetectorId, { name: "x", kind: "CLOUD_TRAIL", location: "push", organizationSource: true })).rejects.toThrow(/Only an organisation's administrator/);
    const plain = await pipeline.services.logSources.create(memberActor, memberDetectorId, { name: "plain", kind: "CLOUD_TRAIL", location: "push" });
    await expect(pipeline.services.logSources.update(memberActor, plain.id, { organizationSource: true })).rejects.toThrow(/Only an organisation's administrator/);
  });
});
