import { gzipSync } from "node:zlib";
import { processJobId } from "../../src/queues/ingest";
import { ACCOUNT, cloudTrailKey, cloudTrailObject, expectedFindings } from "./support/cloudtrail";
import { defaultEngine } from "../../src/detection/engine/default-engine";
import { eventually, observedEngine, startTestPipeline, type TestPipeline } from "./support/pipeline";
import { S3RVER_CREDENTIALS, startTestS3, type TestS3 } from "./support/s3-server";

const DAY1 = new Date("2026-03-01T10:05:00Z");
const DAY2 = new Date("2026-03-02T08:15:00Z");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("S3 log sources", () => {
  let s3: TestS3;
  let pipeline: TestPipeline;
  const observed = observedEngine(defaultEngine());

  beforeAll(async () => {
    s3 = await startTestS3();
    pipeline = await startTestPipeline({ analysis: { engine: observed.engine } });
    await pipeline.startWorkers();
  });
  afterAll(async () => {
    await pipeline.close();
    await s3.close();
  });

  const db = () => pipeline.database.db;
  const source = (id: string) => db().logSource.findUniqueOrThrow({ where: { id } });
  const s3Source = (bucket: string, prefix = "", credentials = S3RVER_CREDENTIALS) =>
    pipeline.createSource({ location: `s3://${bucket}/${prefix}`, s3Endpoint: s3.endpoint, credentials });

  it("picks up CloudTrail objects under the AWS key layout once, and new ones later, in every region", async () => {
    await s3.createBucket("trail-bucket");
    const uploads = [
      { key: cloudTrailKey("us-east-1", DAY1, "a1"), records: 300 },
      { key: cloudTrailKey("us-east-1", new Date(DAY1.getTime() + 300_000), "a2"), records: 250 },
      { key: cloudTrailKey("us-west-2", DAY1, "b1"), records: 500 },
      { key: cloudTrailKey("us-west-2", new Date(DAY1.getTime() + 300_000), "b2"), records: 150 },
    ];
    for (const [i, upload] of uploads.entries()) {
      await s3.putGzip("trail-bucket", upload.key, cloudTrailObject(upload.records, { start: DAY1, region: upload.key.split("/")[3], idPrefix: `first-${i}` }));
    }
    await s3.put("trail-bucket", `AWSLogs/${ACCOUNT}/CloudTrail/`, ""); // a console-made folder marker is no object
    const id = await s3Source("trail-bucket", `AWSLogs/${ACCOUNT}/CloudTrail/`);

    await eventually(() => source(id), (s) => s.objectsProcessed === 4n);
    await sleep(2500); // several more polls: the objects are listed again (they are younger than the settle time) but never counted twice
    const firstTotal = uploads.reduce((sum, u) => sum + u.records, 0);
    expect(await source(id)).toMatchObject({ objectsProcessed: 4n, eventsProcessed: BigInt(firstTotal), objectsFailed: 0n, status: "OK", lastError: null });
    const objects = await db().ingestedObject.findMany({ where: { logSourceId: id }, orderBy: { objectKey: "asc" } });
    expect(objects.map((o) => [o.objectKey, o.status, o.events])).toEqual(uploads.map((u) => [u.key, "DONE", u.records]).sort());
    const rootCalls = uploads.reduce((sum, u) => sum + expectedFindings(u.records).root, 0);
    const root = await db().finding.findFirstOrThrow({ where: { type: "Policy:IAMUser/RootCredentialUsage" } });
    expect(root.count).toBe(rootCalls);

    // Later, a new day in us-east-1: its key sorts before every us-west-2 key already listed.
    const later = cloudTrailKey("us-east-1", DAY2, "a3");
    await s3.putGzip("trail-bucket", later, cloudTrailObject(400, { start: DAY2, idPrefix: "later" }));
    const after = await eventually(() => source(id), (s) => s.objectsProcessed === 5n);
    expect(after.eventsProcessed).toBe(BigInt(firstTotal + 400));
    expect((await db().finding.findUniqueOrThrow({ where: { id: root.id } })).count).toBe(rootCalls + expectedFindings(400).root);
    expect((await db().finding.findUniqueOrThrow({ where: { id: root.id } })).eventLastSeen.getTime()).toBeGreaterThanOrEqual(DAY2.getTime());
    const pentest = await db().finding.findMany({ where: { type: { startsWith: "PenTest:IAMUser/" } } });
    const kaliUsers = new Set([...uploads.map((u) => u.records), 400].flatMap((records) => [...expectedFindings(records).kaliByUser.keys()]));
    expect(pentest.map((f) => f.count).reduce((a, b) => a + b, 0)).toBe([...uploads.map((u) => u.records), 400].reduce((sum, records) => sum + [...expectedFindings(records).kaliByUser.values()].reduce((a, b) => a + b, 0), 0));
    expect(pentest.length).toBe(kaliUsers.size);
    expect(after.lastObjectKey).toBe(later);

    const listed = JSON.parse(after.cursor!);
    expect(Object.keys(listed.streams)).toEqual([`AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/`, `AWSLogs/${ACCOUNT}/CloudTrail/us-west-2/`]);
    const status = await pipeline.services.logSources.get(pipeline.owner, id);
    expect(status.bytesProcessed).toBeGreaterThan(0n);
  });

  it("shows a missing bucket or refused credentials on the source's status, and recovers once fixed", async () => {
    const missing = await s3Source("no-such-bucket");
    const missingState = await eventually(() => source(missing), (s) => s.status === "ERROR");
    expect(missingState.lastError).toMatch(/ListObjects s3:\/\/no-such-bucket\/: NoSuchBucket/);

    await s3.createBucket("locked-bucket");
    const refused = await s3Source("locked-bucket", "", { accessKeyId: "NOTAKEY", secretAccessKey: "wrong" });
    const refusedState = await eventually(() => source(refused), (s) => s.status === "ERROR");
    expect(refusedState.lastError).toMatch(/InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied/);

    await pipeline.services.logSources.update(pipeline.owner, refused, { credentials: S3RVER_CREDENTIALS });
    await eventually(() => source(refused), (s) => s.status === "OK");
  });

  it("records an unreadable object failed with its reason on its first attempt, and goes on with the others", async () => {
    await s3.createBucket("broken-bucket");
    const good = cloudTrailKey("us-east-1", DAY1, "good");
    const truncated = cloudTrailKey("us-east-1", DAY1, "truncated");
    const notJson = cloudTrailKey("us-east-1", DAY1, "text");
    const whole = gzipSync(cloudTrailObject(200, { start: DAY1, idPrefix: "broken-bucket" }));
    await s3.put("broken-bucket", truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    await s3.put("broken-bucket", notJson, "this is a plain text note, not a log\n");
    await s3.put("broken-bucket", good, gzipSync(cloudTrailObject(120, { start: DAY1, idPrefix: "good" })));
    const id = await s3Source("broken-bucket");

    const state = await eventually(() => source(id), (s) => s.objectsProcessed + s.objectsFailed === 3n);
    expect(state).toMatchObject({ objectsProcessed: 1n, objectsFailed: 2n, eventsProcessed: 120n });
    const failed = await db().ingestedObject.findMany({ where: { logSourceId: id, status: "FAILED" }, orderBy: { objectKey: "asc" } });
    expect(failed.map((o) => [o.objectKey, o.detail])).toEqual([
      [notJson, expect.stringMatching(/^not CloudTrail: it starts with "this is a plain text note/)],
      [truncated, expect.stringMatching(/truncated or corrupt gzip/)],
    ]);
    for (const key of [truncated, notJson]) {
      const job = await pipeline.ingest.queues.process.getJob(processJobId(id, key));
      expect(job?.attemptsMade).toBe(1); // the same bytes would fail the same way: no retry
      expect(job?.returnvalue).toMatchObject({ status: "FAILED" });
    }
    await sleep(1500);
    expect((await source(id)).objectsFailed).toBe(2n); // failed objects are not listed again
  });

  it("reads an object of 100,000 records to its end, batch by batch", async () => {
    await s3.createBucket("big-bucket");
    const key = cloudTrailKey("eu-west-1", DAY1, "big");
    await s3.putGzip("big-bucket", key, cloudTrailObject(100_000, { start: DAY1, region: "eu-west-1", idPrefix: "big" }));
    const id = await s3Source("big-bucket", `AWSLogs/${ACCOUNT}/`);
    const state = await eventually(() => source(id), (s) => s.objectsProcessed === 1n, 60_000);
    expect(state.eventsProcessed).toBe(100_000n);
    const batches = observed.batchSizes.get(key)!;
    expect(batches.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(Math.max(...batches)).toBeLessThanOrEqual(1000); // never the whole object at once
    const expected = expectedFindings(100_000);
    const detector = pipeline.owner.detectorId;
    const findings = await db().finding.findMany({ where: { detectorId: detector, sourceEvents: { array_contains: [{ object: key }] } } });
    expect(findings.find((f) => f.type === "Policy:IAMUser/RootCredentialUsage")).toBeDefined();
    const kali = await db().finding.findMany({ where: { type: { startsWith: "PenTest:IAMUser/" } }, orderBy: { resourceKey: "asc" } });
    expect(kali.reduce((sum, f) => sum + f.count, 0)).toBeGreaterThanOrEqual([...expected.kaliByUser.values()].reduce((a, b) => a + b, 0));
  }, 90_000);
});
