import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Queue } from "bullmq";
import { createLocalPubSub } from "../../src/realtime/pubsub";
import { bullConnection } from "../../src/queues/connection";
import { PROCESS_QUEUE } from "../../src/queues/ingest";
import { createServices } from "../../src/services";
import { SecretBox } from "../../src/services/secrets/secret-box";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { freshQueuePrefix } from "../support/queues";
import { spawnVigil, type VigilProcess } from "../support/vigil-process";
import { ACCOUNT, cloudTrailKey, cloudTrailObject } from "./support/cloudtrail";
import { eventually } from "./support/pipeline";
import { S3RVER_CREDENTIALS, startTestS3, type TestS3 } from "./support/s3-server";

const DETECTOR_ID = randomBytes(16).toString("hex");
const SECRET_KEY = randomBytes(32);
const BIG_KEY = cloudTrailKey("us-east-1", new Date("2026-03-01T10:05:00Z"), "big");
const SMALL_KEY = cloudTrailKey("us-east-1", new Date("2026-03-01T10:10:00Z"), "small");
const BIG_RECORDS = 150_000;

type Run = { database: TestDatabase; queues: ReturnType<typeof freshQueuePrefix>; dataDir: string; logSourceId: string; env: Record<string, string> };

/** A database and queue prefix of its own, with the same detector id (so finding ids can be compared) and one S3 source. */
async function prepareRun(s3: TestS3): Promise<Run> {
  const database = await createTestDatabase();
  const queues = freshQueuePrefix();
  const dataDir = await mkdtemp(path.join(tmpdir(), "vigil-kill-"));
  const account = await database.db.account.create({ data: { accountId: ACCOUNT, name: "a", email: "a@example.com" } });
  await database.db.detector.create({ data: { id: DETECTOR_ID, accountId: account.id, status: "ENABLED" } });
  const services = createServices({ db: database.db, operatorToken: "x".repeat(32), pubSub: createLocalPubSub(), logSources: { secretBox: new SecretBox(SECRET_KEY), logsRoot: dataDir, allowPrivateEndpoints: true } });
  const actor = { kind: "account" as const, accountRowId: account.id, accountId: ACCOUNT, apiKeyId: randomUUID() };
  const source = await services.logSources.create(actor, DETECTOR_ID, {
    name: "trail",
    kind: "CLOUD_TRAIL",
    location: `s3://kill-bucket/AWSLogs/${ACCOUNT}/CloudTrail/`,
    s3Endpoint: s3.endpoint,
    credentials: S3RVER_CREDENTIALS,
    pollIntervalSeconds: 1,
  });
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: queues.redisUrl,
    VIGIL_QUEUE_PREFIX: queues.queuePrefix,
    VIGIL_DATA_DIR: dataDir,
    VIGIL_LOGS_ROOT: dataDir,
    VIGIL_SECRET_KEY: SECRET_KEY.toString("base64"),
    // A killed worker's job is taken over by the next one after this long.
    VIGIL_JOB_LOCK_MS: "2000",
    VIGIL_INGEST_CONCURRENCY: "1",
    VIGIL_LOG_SOURCE_ALLOW_PRIVATE_ENDPOINTS: "true", // s3rver listens on 127.0.0.1
  };
  return { database, queues, dataDir, logSourceId: source.id, env };
}

const processed = (run: Run) => eventually(() => run.database.db.logSource.findUniqueOrThrow({ where: { id: run.logSourceId } }), (s) => s.objectsProcessed === 2n, 90_000);

async function outcome(run: Run) {
  const { db } = run.database;
  const source = await db.logSource.findUniqueOrThrow({ where: { id: run.logSourceId } });
  const findings = await db.finding.findMany({ orderBy: { id: "asc" } });
  const objects = await db.ingestedObject.findMany({ orderBy: { objectKey: "asc" } });
  return {
    counters: [source.objectsProcessed, source.eventsProcessed, source.bytesProcessed, source.brokenRecords, source.objectsFailed, source.lastObjectKey],
    findings: findings.map((f) => ({ id: f.id, type: f.type, count: f.count, first: f.eventFirstSeen.toISOString(), last: f.eventLastSeen.toISOString(), sources: f.sourceEvents })),
    objects: objects.map((o) => [o.objectKey, o.status, o.records, o.events, o.broken, o.bytes]),
  };
}

/**
 * SIGKILL for the worker itself. spawnVigil runs the CLI under tsx, whose node child is the worker:
 * a SIGKILL sent to tsx would leave that child running (a signal tsx cannot forward).
 */
async function killHard(vigil: VigilProcess): Promise<void> {
  const pid = vigil.child.pid!;
  const [worker] = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).map(Number);
  process.kill(worker, "SIGKILL");
  await vigil.exited;
  expect(() => process.kill(worker, 0)).toThrow(); // gone, not orphaned
}

async function stop(worker: VigilProcess): Promise<void> {
  worker.child.kill("SIGTERM");
  await worker.exited;
}

describe("a worker killed in the middle of an object", () => {
  let s3: TestS3;
  let bigSize: number;
  const runs: Run[] = [];

  beforeAll(async () => {
    s3 = await startTestS3();
    await s3.createBucket("kill-bucket");
    const big = gzipSync(cloudTrailObject(BIG_RECORDS, { start: new Date("2026-03-01T00:00:00Z"), idPrefix: "big" }));
    bigSize = big.length;
    await s3.put("kill-bucket", BIG_KEY, big);
    await s3.putGzip("kill-bucket", SMALL_KEY, cloudTrailObject(2_000, { start: new Date("2026-03-01T12:00:00Z"), idPrefix: "small" }));
  });
  afterAll(async () => {
    for (const run of runs) {
      await run.database.drop();
      await run.queues.cleanup();
      await rm(run.dataDir, { recursive: true, force: true });
    }
    await s3.close();
  });

  it("ends, once restarted, with the same findings and counts as an undisturbed run", async () => {
    const undisturbed = await prepareRun(s3);
    runs.push(undisturbed);
    const calm = spawnVigil(["worker"], undisturbed.env);
    await processed(undisturbed);
    await stop(calm);

    const disturbed = await prepareRun(s3);
    runs.push(disturbed);
    const queue = new Queue(PROCESS_QUEUE, { connection: bullConnection(disturbed.queues.redisUrl), prefix: disturbed.queues.queuePrefix });
    try {
      const victim = spawnVigil(["worker"], disturbed.env);
      // Killed once it has reported reading part of the big object, and before it finished it.
      const reading = await eventually(
        async () => (await queue.getActive()).find((job) => job.data.objectKey === BIG_KEY && ((job.progress as { bytes?: number })?.bytes ?? 0) > 0),
        (job) => job !== undefined,
        90_000,
      );
      await killHard(victim);
      const partial = await disturbed.database.db.ingestedObject.findFirst({ where: { objectKey: BIG_KEY } });
      expect(partial).toBeNull();
      expect((reading!.progress as { bytes: number }).bytes).toBeLessThan(bigSize);

      const restarted = spawnVigil(["worker"], disturbed.env);
      await processed(disturbed);
      await stop(restarted);
    } finally {
      await queue.close();
    }

    const [expected, actual] = [await outcome(undisturbed), await outcome(disturbed)];
    expect(actual.counters).toEqual([2n, BigInt(BIG_RECORDS + 2_000), expected.counters[2], 0n, 0n, SMALL_KEY]);
    expect(actual.counters).toEqual(expected.counters);
    expect(actual.objects).toEqual(expected.objects);
    expect(actual.findings.length).toBeGreaterThan(0);
    expect(actual.findings).toEqual(expected.findings);
  }, 240_000);
});
