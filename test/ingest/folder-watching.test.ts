import { EventEmitter } from "node:events";
import type { FSWatcher } from "node:fs";
import { appendFile, mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { WatchProblem } from "../../src/ingest/watch/folder-watchers";
import { cloudTrailObject } from "./support/cloudtrail";
import { eventually, startTestPipeline, type TestPipeline } from "./support/pipeline";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const trail = (count: number, idPrefix: string) => cloudTrailObject(count, { start: new Date("2026-03-01T10:00:00Z"), idPrefix });
/** Far beyond every wait below: an object read within a test's time was found by the folder's watch, not its schedule. */
const RARELY = 600;

async function folderSource(pipeline: TestPipeline, name: string, pollIntervalSeconds: number): Promise<{ id: string; folder: string }> {
  const folder = path.join(pipeline.logsRoot, name);
  await mkdir(folder, { recursive: true });
  const id = await pipeline.createSource({ name, location: name, pollIntervalSeconds });
  // The first scheduled poll runs at once; from then on only a watch explains a prompt read.
  await eventually(async () => (await pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } })).cursor, (cursor) => cursor !== null);
  await eventually(async () => pipeline.ingest.watchers.watching(), (ids) => ids.includes(id));
  return { id, folder };
}

async function objectsOf(pipeline: TestPipeline, id: string) {
  return (await pipeline.database.db.ingestedObject.findMany({ where: { logSourceId: id }, orderBy: { objectKey: "asc" } })).map((o) => [o.objectKey, o.status, o.events]);
}

const processed = (pipeline: TestPipeline, id: string, objects: bigint, timeoutMs = 20_000) =>
  eventually(() => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } }), (s) => s.objectsProcessed + s.objectsFailed >= objects, timeoutMs);

describe("watched local folders", () => {
  let pipeline: TestPipeline;

  beforeAll(async () => {
    pipeline = await startTestPipeline();
    await pipeline.startWorkers();
  });
  afterAll(() => pipeline.close());

  it("reads a file renamed into place moments after the rename, long before the next scheduled poll", async () => {
    const { id, folder } = await folderSource(pipeline, "renamed", RARELY);
    await writeFile(path.join(folder, ".upload.tmp"), gzipSync(trail(300, "renamed")));
    await sleep(500);
    expect(await objectsOf(pipeline, id)).toEqual([]); // hidden while written
    const landed = Date.now();
    await rename(path.join(folder, ".upload.tmp"), path.join(folder, "trail.json.gz"));
    await processed(pipeline, id, 1n, 10_000);
    expect(Date.now() - landed).toBeLessThan(10_000);
    expect(await objectsOf(pipeline, id)).toEqual([["trail.json.gz", "DONE", 300]]);
  });

  it("reads a file written slowly in pieces once, whole, however long its writer pauses", async () => {
    // Polled every second and watched: many walks see each file half written, for longer than the old 2 s quiet period.
    const { id, folder } = await folderSource(pipeline, "slow", 1);
    const gzipped = gzipSync(trail(1000, "slow-gz"));
    const json = Buffer.from(trail(800, "slow-json"));
    const pieces = (bytes: Buffer) => [0, 0.3, 0.6, 0.9, 1].map((share) => Math.floor(bytes.length * share));
    const [gzCuts, jsonCuts] = [pieces(gzipped), pieces(json)];
    for (let i = 1; i < gzCuts.length; i++) {
      await appendFile(path.join(folder, "slow.json.gz"), gzipped.subarray(gzCuts[i - 1], gzCuts[i]));
      await appendFile(path.join(folder, "slow.json"), json.subarray(jsonCuts[i - 1], jsonCuts[i]));
      await sleep(i === 2 ? 3000 : 700);
    }
    await processed(pipeline, id, 2n);
    await sleep(1500); // more walks: nothing read twice
    expect(await objectsOf(pipeline, id)).toEqual([
      ["slow.json", "DONE", 800],
      ["slow.json.gz", "DONE", 1000],
    ]);
    const source = await pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } });
    expect(source).toMatchObject({ objectsProcessed: 2n, objectsFailed: 0n, eventsProcessed: 1800n, brokenRecords: 0n });
  });

  it("reads many files landing at once, each once", async () => {
    const { id, folder } = await folderSource(pipeline, "burst", RARELY);
    const names = Array.from({ length: 40 }, (_, i) => `burst-${String(i).padStart(2, "0")}.json${i % 2 ? ".gz" : ""}`);
    await Promise.all(names.map((name, i) => writeFile(path.join(folder, name), i % 2 ? gzipSync(trail(50, name)) : trail(50, name))));
    await processed(pipeline, id, 40n, 30_000);
    await sleep(1000);
    expect(await objectsOf(pipeline, id)).toEqual(names.map((name) => [name, "DONE", 50]));
    expect((await pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } })).eventsProcessed).toBe(2000n);
  });

  it("after a worker restart, reads what landed while no worker watched, and what lands after, once", async () => {
    const { id, folder } = await folderSource(pipeline, "restart", RARELY);
    await writeFile(path.join(folder, "before.json"), trail(100, "before"));
    await processed(pipeline, id, 1n, 10_000);
    await pipeline.stopWorkers();
    await writeFile(path.join(folder, "while-stopped.json"), trail(100, "while-stopped"));
    await pipeline.startWorkers();
    await processed(pipeline, id, 2n, 10_000);
    await writeFile(path.join(folder, "after.json"), trail(100, "after"));
    await processed(pipeline, id, 3n, 10_000);
    expect(await objectsOf(pipeline, id)).toEqual([
      ["after.json", "DONE", 100],
      ["before.json", "DONE", 100],
      ["while-stopped.json", "DONE", 100],
    ]);
  });
});

describe("a local folder whose watch fails", () => {
  let pipeline: TestPipeline;
  const problems: WatchProblem[] = [];
  /** The first watch breaks at once; later ones (after the retry) are never asked for within the test. */
  const brokenWatch = () => {
    const watcher = new EventEmitter() as FSWatcher;
    watcher.close = () => undefined;
    setTimeout(() => watcher.emit("error", Object.assign(new Error("ENOSPC: System limit for number of file watchers reached"), { code: "ENOSPC" })), 10);
    return watcher;
  };

  beforeAll(async () => {
    pipeline = await startTestPipeline({ watchFolder: brokenWatch, onWatchProblem: (problem) => problems.push(problem) });
    await pipeline.startWorkers();
  });
  afterAll(() => pipeline.close());

  it("is still polled on its schedule, and says why it is not watched", async () => {
    const folder = path.join(pipeline.logsRoot, "unwatched");
    await mkdir(folder);
    const id = await pipeline.createSource({ name: "unwatched", location: "unwatched", pollIntervalSeconds: 2 });
    await eventually(async () => problems.length, (n) => n > 0);
    expect(problems[0]).toMatchObject({ logSourceId: id, folder });
    expect(problems[0].error.message).toContain("ENOSPC");
    expect(pipeline.ingest.watchers.watching()).not.toContain(id);

    await writeFile(path.join(folder, "polled.json.gz"), gzipSync(trail(200, "polled")));
    await processed(pipeline, id, 1n, 15_000);
    expect(await objectsOf(pipeline, id)).toEqual([["polled.json.gz", "DONE", 200]]);
  });
});
