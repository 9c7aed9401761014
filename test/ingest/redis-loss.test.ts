import { mkdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { Redis } from "ioredis";
import { IngestQueues } from "../../src/queues/ingest";
import { PushIntake } from "../../src/services/log-sources/push-intake";
import { reconnectWatcherName } from "../../workers/ingest";
import { TEST_REDIS_URL } from "../support/env";
import { cloudTrailObject, expectedFindings } from "./support/cloudtrail";
import { eventually, startTestPipeline, type TestPipeline } from "./support/pipeline";

const START = new Date("2026-03-01T10:00:00Z");
const trail = (count: number, idPrefix: string) => cloudTrailObject(count, { start: START, idPrefix });
const PUSHED = [120, 130, 140, 150];
const FILES = [200, 210, 220];
const sum = (counts: number[]) => counts.reduce((total, n) => total + n, 0);

// Redis restarted without persistence, or a failover to an empty replica, looks to Vigil like every key
// under its prefix gone at once: queued process jobs and poll schedules alike.
describe("losing every Redis key while objects are queued", () => {
  let pipeline: TestPipeline;
  let pushSource: string;
  let folderSource: string;

  beforeAll(async () => {
    pipeline = await startTestPipeline();
    pushSource = await pipeline.createSource({ name: "pushed", location: "push" });
    await mkdir(path.join(pipeline.logsRoot, "trail"));
    folderSource = await pipeline.createSource({ name: "folder", location: "trail", pollIntervalSeconds: 60 });
  });
  afterAll(() => pipeline.close());

  const db = () => pipeline.database.db;
  const source = (id: string) => db().logSource.findUniqueOrThrow({ where: { id } });

  it("queues each object again from PostgreSQL and processes all of them exactly once", async () => {
    // No worker runs yet, so everything below stays queued.
    const intake = new PushIntake(pipeline.services.logSources, pipeline.ingest.queues, 1_048_576, pipeline.services.ingestion);
    for (const [i, count] of PUSHED.entries()) await intake.accept(pipeline.owner, pushSource, Buffer.from(trail(count, `push${i}`)));
    const folder = path.join(pipeline.logsRoot, "trail");
    for (const [i, count] of FILES.entries()) {
      const file = path.join(folder, `file-${i}.json`);
      await writeFile(file, trail(count, `file${i}`));
      // Old enough that the listing does not wait for the file to be finished.
      await utimes(file, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    }
    await pipeline.ingest.poller.poll(folderSource);

    const queued = await pipeline.ingest.queues.process.getJobs(["waiting"]);
    expect(queued).toHaveLength(PUSHED.length + FILES.length);
    // Jobs name objects; the pushed bodies are in PostgreSQL.
    for (const job of queued) expect(Object.keys(job.data).sort()).toEqual(["lastModified", "logSourceId", "objectKey", "size"]);
    expect(await db().pendingObject.count({ where: { logSourceId: pushSource, body: { not: null } } })).toBe(PUSHED.length);
    expect(await db().pendingObject.count({ where: { logSourceId: folderSource } })).toBe(FILES.length);
    // Nothing is lost yet: the reconciler leaves live jobs alone.
    expect((await pipeline.ingest.reconciler.reconcile()).requeued).toBe(0);

    await pipeline.queues.cleanup();
    expect(await pipeline.ingest.queues.process.count()).toBe(0);
    expect(await pipeline.ingest.queues.scheduledSourceIds()).toEqual([]);

    // Worker start reconciles: the lost jobs are queued again and the poll schedule re-created.
    await pipeline.startWorkers();
    const pushed = await eventually(() => source(pushSource), (s) => s.objectsProcessed === BigInt(PUSHED.length), 30_000);
    const polled = await eventually(() => source(folderSource), (s) => s.objectsProcessed === BigInt(FILES.length), 30_000);
    expect(await pipeline.ingest.queues.scheduledSourceIds()).toEqual([folderSource]);

    // Counts and findings as an undisturbed run gives them: each object once.
    expect(pushed).toMatchObject({ eventsProcessed: BigInt(sum(PUSHED)), objectsFailed: 0n });
    expect(polled).toMatchObject({ eventsProcessed: BigInt(sum(FILES)), objectsFailed: 0n });
    expect(await db().ingestedObject.count({ where: { status: "DONE" } })).toBe(PUSHED.length + FILES.length);
    const root = await db().finding.findFirstOrThrow({ where: { type: "Policy:IAMUser/RootCredentialUsage" } });
    expect(root.count).toBe(sum([...PUSHED, ...FILES].map((count) => expectedFindings(count).root)));
    expect((await pipeline.services.ingestion.reliability()).reconciledObjects).toBe(PUSHED.length + FILES.length);

    // A later reconciliation finds nothing to do and nothing is read twice.
    expect((await pipeline.ingest.reconciler.reconcile()).requeued).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await source(pushSource)).objectsProcessed).toBe(BigInt(PUSHED.length));
    expect((await source(folderSource)).objectsProcessed).toBe(BigInt(FILES.length));
    expect(await db().pendingObject.count()).toBe(0);
  });
});

describe("a worker's Redis connection coming back", () => {
  let pipeline: TestPipeline;
  beforeAll(async () => {
    pipeline = await startTestPipeline();
    await pipeline.startWorkers();
  });
  afterAll(() => pipeline.close());

  it("queues again an object recorded in PostgreSQL whose job Redis never got, and counts the reconnect", async () => {
    const id = await pipeline.createSource({ name: "pushed", location: "push" });
    // A body stored and answered 202 while Redis refused the job.
    await pipeline.services.ingestion.recordQueued(id, [{ key: "push/while-redis-was-away", size: 1, lastModified: START, body: gzipSync(trail(120, "away")) }]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } })).objectsProcessed).toBe(0n);

    // Redis drops the watcher's connection, as a restart drops every connection.
    const admin = new Redis(TEST_REDIS_URL);
    try {
      const clients = (await admin.client("LIST")) as string;
      const watcher = clients.split("\n").find((line) => line.includes(` name=${reconnectWatcherName(pipeline.queues.queuePrefix)} `));
      expect(watcher).toBeDefined();
      await admin.client("KILL", "ID", /\bid=(\d+)/.exec(watcher ?? "")?.[1] ?? "");
    } finally {
      await admin.quit();
    }

    const state = await eventually(() => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } }), (s) => s.objectsProcessed === 1n);
    expect(state.eventsProcessed).toBe(120n);
    const reliability = await eventually(() => pipeline.services.ingestion.reliability(), (r) => r.redisReconnects === 1);
    expect(reliability).toMatchObject({ reconciledObjects: 1, pendingObjects: 0 });
  });
});

describe("a push while Redis is away", () => {
  let pipeline: TestPipeline;
  beforeAll(async () => {
    pipeline = await startTestPipeline();
  });
  afterAll(() => pipeline.close());

  it("is stored in PostgreSQL and answered, then processed once Redis takes jobs again", async () => {
    const id = await pipeline.createSource({ name: "pushed", location: "push" });
    const unreachable = new IngestQueues({ redisUrl: "redis://127.0.0.1:1", queuePrefix: pipeline.queues.queuePrefix });
    for (const queue of [unreachable.ingest, unreachable.process]) queue.on("error", () => undefined);
    try {
      const intake = new PushIntake(pipeline.services.logSources, unreachable, 1_048_576, pipeline.services.ingestion);
      const accepted = await intake.accept(pipeline.owner, id, Buffer.from(trail(130, "offline")));
      const stored = await pipeline.database.db.pendingObject.findUniqueOrThrow({ where: { logSourceId_objectKey: { logSourceId: id, objectKey: accepted.objectKey } } });
      expect(gunzipSync(Buffer.from(stored.body ?? [])).toString()).toBe(trail(130, "offline"));
    } finally {
      await unreachable.close().catch(() => undefined);
    }

    await pipeline.startWorkers();
    const state = await eventually(() => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } }), (s) => s.objectsProcessed === 1n);
    expect(state.eventsProcessed).toBe(130n);
  });
});
