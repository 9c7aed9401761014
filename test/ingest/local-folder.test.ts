import { mkdir, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { cloudTrailObject, expectedFindings } from "./support/cloudtrail";
import { collectFindingEvents, eventually, startTestPipeline, type TestPipeline } from "./support/pipeline";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const trail = (count: number, idPrefix: string) => cloudTrailObject(count, { start: new Date("2026-03-01T10:00:00Z"), idPrefix });

describe("local-folder log sources", () => {
  let pipeline: TestPipeline;
  let announced: ReturnType<typeof collectFindingEvents>;

  beforeAll(async () => {
    pipeline = await startTestPipeline();
    announced = collectFindingEvents(pipeline.pubSub);
    await pipeline.startWorkers();
  });
  afterAll(async () => {
    await announced.stop();
    await pipeline.close();
  });

  const db = () => pipeline.database.db;
  const source = (id: string) => db().logSource.findUniqueOrThrow({ where: { id } });
  const folderSource = async (name: string) => {
    await mkdir(path.join(pipeline.logsRoot, name), { recursive: true });
    return pipeline.createSource({ name, location: name });
  };

  it("picks up each file dropped into the folder, whatever its name or modification time, once", async () => {
    const id = await folderSource("drop");
    const folder = path.join(pipeline.logsRoot, "drop");
    await writeFile(path.join(folder, "b.json"), trail(300, "b"));
    await eventually(() => source(id), (s) => s.objectsProcessed === 1n);
    expect(announced.events.some((event) => event.detectorId === pipeline.owner.detectorId && event.findings.some((f) => f.created))).toBe(true);

    // Sorts before the file already read, and keeps an old modification time as `cp -p` would.
    await mkdir(path.join(folder, "2025"));
    await writeFile(path.join(folder, "2025", "a.json"), trail(200, "a"));
    await utimes(path.join(folder, "2025", "a.json"), new Date("2025-01-01"), new Date("2025-01-01"));
    await writeFile(path.join(folder, ".partial.json"), trail(50, "hidden"));
    await eventually(() => source(id), (s) => s.objectsProcessed === 2n);
    await sleep(3000);
    const state = await source(id);
    expect(state).toMatchObject({ objectsProcessed: 2n, eventsProcessed: 500n, status: "OK" });
    const keys = (await db().ingestedObject.findMany({ where: { logSourceId: id } })).map((o) => o.objectKey).sort();
    expect(keys).toEqual(["2025/a.json", "b.json"]);
    const root = await db().finding.findFirstOrThrow({ where: { type: "Policy:IAMUser/RootCredentialUsage" } });
    expect(root.count).toBe(expectedFindings(300).root + expectedFindings(200).root);
  });

  it("looks again moments later at a file still being written, rather than a poll interval later", async () => {
    await mkdir(path.join(pipeline.logsRoot, "slow"));
    await writeFile(path.join(pipeline.logsRoot, "slow", "copying.json"), trail(100, "copying"));
    // The first poll runs at once and finds the file too fresh to read; the next scheduled one is a minute away.
    const id = await pipeline.createSource({ name: "slow", location: "slow", pollIntervalSeconds: 60 });
    await eventually(() => source(id), (s) => s.objectsProcessed === 1n, 15_000);
  });

  it("refuses to read a folder outside the worker's logs root", async () => {
    const id = await folderSource("moved");
    await db().logSource.update({ where: { id }, data: { localPath: tmpdir() } });
    const state = await eventually(() => source(id), (s) => s.status === "ERROR");
    expect(state.lastError).toContain("outside the logs root");
  });

  it("generates no findings while the detector or the log's data sources are disabled", async () => {
    const detector = pipeline.owner.detectorId;
    const id = await folderSource("switched");
    const folder = path.join(pipeline.logsRoot, "switched");
    const before = await db().finding.count();
    await db().detector.update({ where: { id: detector }, data: { status: "DISABLED" } });
    await writeFile(path.join(folder, "while-disabled.json"), trail(400, "disabled"));
    await eventually(() => source(id), (s) => s.objectsProcessed === 1n);

    await db().detector.update({ where: { id: detector }, data: { status: "ENABLED", cloudTrail: false, s3DataEvents: false } });
    await writeFile(path.join(folder, "no-data-source.json"), trail(400, "no-source"));
    await eventually(() => source(id), (s) => s.objectsProcessed === 2n);

    // S3 data events on, management events off: the root and pentest findings are CloudTrail management findings.
    await db().detector.update({ where: { id: detector }, data: { s3DataEvents: true } });
    await writeFile(path.join(folder, "data-events-only.json"), trail(400, "data-only"));
    await eventually(() => source(id), (s) => s.objectsProcessed === 3n);
    await db().detector.update({ where: { id: detector }, data: { cloudTrail: true } });

    const objects = await db().ingestedObject.findMany({ where: { logSourceId: id }, orderBy: { processedAt: "asc" } });
    expect(objects.map((o) => [o.objectKey, o.status, o.detail])).toEqual([
      ["while-disabled.json", "SKIPPED", "not analysed: the detector is disabled"],
      ["no-data-source.json", "SKIPPED", "not analysed: the detector's CLOUD_TRAIL and S3_DATA_EVENTS data source is disabled"],
      ["data-events-only.json", "DONE", null],
    ]);
    expect(await db().finding.count()).toBe(before);
  });

  it("stops polling a source once it is disabled or deleted", async () => {
    const kept = await folderSource("kept");
    const disabled = await folderSource("paused");
    const deleted = await folderSource("gone");
    const scheduled = () => pipeline.ingest.queues.scheduledSourceIds();
    await eventually(scheduled, (ids) => [kept, disabled, deleted].every((id) => ids.includes(id)));
    await pipeline.services.logSources.update(pipeline.owner, disabled, { enabled: false });
    await pipeline.services.logSources.delete(pipeline.owner, deleted);
    const ids = await eventually(scheduled, (current) => !current.includes(disabled) && !current.includes(deleted));
    expect(ids).toContain(kept);
  });
});

describe("suppression at creation", () => {
  let pipeline: TestPipeline;
  let announced: ReturnType<typeof collectFindingEvents>;

  beforeAll(async () => {
    // A detector whose suppression rules match every PenTest finding.
    pipeline = await startTestPipeline({
      suppression: { suppressedIds: async (_detector, findings) => new Set(findings.filter((f) => f.type.startsWith("PenTest:")).map((f) => f.id)) },
    });
    announced = collectFindingEvents(pipeline.pubSub);
    await pipeline.startWorkers();
  });
  afterAll(async () => {
    await announced.stop();
    await pipeline.close();
  });

  it("stores suppressed findings archived and never announces them", async () => {
    await mkdir(path.join(pipeline.logsRoot, "s"));
    const id = await pipeline.createSource({ location: "s" });
    await writeFile(path.join(pipeline.logsRoot, "s", "trail.json"), trail(1000, "suppressed"));
    await eventually(() => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } }), (s) => s.objectsProcessed === 1n);
    const findings = await pipeline.database.db.finding.findMany();
    const pentest = findings.filter((f) => f.type.startsWith("PenTest:"));
    expect(pentest.length).toBeGreaterThan(0);
    expect(pentest.every((f) => f.archived && f.suppressed)).toBe(true);
    expect(findings.filter((f) => !f.type.startsWith("PenTest:")).every((f) => !f.archived && !f.suppressed)).toBe(true);
    await eventually(async () => announced.events.length, (n) => n > 0);
    const announcedIds = announced.events.flatMap((event) => event.findings.map((f) => f.id));
    expect(announcedIds.sort()).toEqual(findings.filter((f) => !f.suppressed).map((f) => f.id).sort());
  });
});
