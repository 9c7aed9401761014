import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { importObjectKey } from "../../src/ingest/import/import-files";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { freshQueuePrefix } from "../support/queues";
import { spawnVigil } from "../support/vigil-process";
import { ACCOUNT, cloudTrailObject, expectedFindings } from "./support/cloudtrail";

async function runImport(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string; stdout: string }> {
  const child = spawnVigil(["import", ...args], env);
  let stdout = "";
  child.child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const { code } = await child.exited;
  return { code, output: child.output(), stdout };
}

describe("vigil import", () => {
  let database: TestDatabase;
  const queues = freshQueuePrefix();
  let folder: string;
  let env: Record<string, string>;
  let logSourceId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    folder = await mkdtemp(path.join(tmpdir(), "vigil-import-"));
    env = { DATABASE_URL: database.url, REDIS_URL: queues.redisUrl, VIGIL_QUEUE_PREFIX: queues.queuePrefix, VIGIL_DATA_DIR: path.join(folder, "data"), LOG_LEVEL: "warn" };
    const account = await database.db.account.create({ data: { accountId: ACCOUNT, name: "a", email: "a@example.com" } });
    const detector = await database.db.detector.create({ data: { id: randomBytes(16).toString("hex"), accountId: account.id, status: "ENABLED" } });
    logSourceId = (await database.db.logSource.create({ data: { id: randomUUID(), detectorId: detector.id, name: "backfill", kind: "CLOUD_TRAIL", location: "PUSH" } })).id;
  });
  afterAll(async () => {
    await database.drop();
    await queues.cleanup();
    await rm(folder, { recursive: true, force: true });
  });

  it("backfills a folder through the same processing, once, and records an unreadable file as failed", async () => {
    const logs = path.join(folder, "logs", "2026", "03");
    await mkdir(logs, { recursive: true });
    await writeFile(path.join(logs, "one.json.gz"), gzipSync(cloudTrailObject(1200, { start: new Date("2026-03-01T00:00:00Z"), idPrefix: "one" })));
    await writeFile(path.join(logs, "two.json"), cloudTrailObject(800, { start: new Date("2026-03-02T00:00:00Z"), idPrefix: "two" }));
    await writeFile(path.join(logs, "broken.json.gz"), gzipSync("{\"Records\": [").subarray(0, 12));

    const first = await runImport([path.join(folder, "logs"), "--log-source", logSourceId], env);
    expect(first.output).toContain("vigil import: 2 file(s) read, 0 already imported, 1 unreadable; 2000 event(s)");
    expect(first.code).toBe(1);
    // The warning about the unreadable file is a log line, and logs go to stderr: stdout stays clean.
    expect(first.output).toMatch(/"msg":"file not imported"/);
    expect(first.stdout).toBe("");
    const source = await database.db.logSource.findUniqueOrThrow({ where: { id: logSourceId } });
    expect(source).toMatchObject({ objectsProcessed: 2n, eventsProcessed: 2000n, objectsFailed: 1n });
    // broken.json.gz is read first (files go in name order); the files read to their end after it clear the error.
    expect(source.lastError).toBeNull();
    const broken = await database.db.ingestedObject.findUniqueOrThrow({ where: { logSourceId_objectKey: { logSourceId, objectKey: importObjectKey(path.join(logs, "broken.json.gz")) } } });
    expect(broken).toMatchObject({ status: "FAILED", detail: expect.stringContaining("truncated or corrupt gzip") });
    const root = await database.db.finding.findFirstOrThrow({ where: { type: "Policy:IAMUser/RootCredentialUsage" } });
    expect(root.count).toBe(expectedFindings(1200).root + expectedFindings(800).root);
    const recorded = await database.db.ingestedObject.findUniqueOrThrow({ where: { logSourceId_objectKey: { logSourceId, objectKey: importObjectKey(path.join(logs, "one.json.gz")) } } });
    expect(recorded).toMatchObject({ status: "DONE", events: 1200 });

    const again = await runImport([path.join(logs, "one.json.gz"), path.join(logs, "two.json"), "--log-source", logSourceId], env);
    expect(again.output).toContain("vigil import: 0 file(s) read, 2 already imported, 0 unreadable");
    expect(again.code).toBe(0);
    expect((await database.db.finding.findUniqueOrThrow({ where: { id: root.id } })).count).toBe(root.count);
  }, 60_000);

  it("names what is wrong: an unknown source, a missing path", async () => {
    const unknown = await runImport([folder, "--log-source", randomUUID()], env);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/vigil import: log source .* not found/);
    const missing = await runImport([path.join(folder, "nowhere"), "--log-source", logSourceId], env);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("no such file or folder");
  }, 60_000);
});
