import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { folderClosedTo, portInUse } from "../../src/db/embedded-postgres-checks";
import { createEmptyDatabase } from "../support/database";
import { TEST_REDIS_URL } from "../support/env";
import { spawnVigil } from "../support/vigil-process";

/** A port something listens on for the length of a test. */
async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, server };
}

async function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const vigil = spawnVigil(args, env);
  const { code } = await vigil.exited;
  return { code, output: vigil.output() };
}

/** One sentence on one line, no stack frames, no JSON log lines. */
function expectOneLine(output: string): void {
  const lines = output.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(output).not.toMatch(/^\s+at /m);
}

describe("start-up problems end in one sentence", () => {
  let dataDir: string;
  let occupied: { port: number; server: Server };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "vigil-startup-"));
    // mkdtemp makes it private (700): as root, the embedded server's OS user could not enter it (see folderClosedTo below).
    await chmod(dataDir, 0o755);
    occupied = await occupiedPort();
  });
  afterAll(async () => {
    occupied.server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("`vigil import` with the database down says which database and what to do", async () => {
    const { code, output } = await run(["import", dataDir, "--log-source", "00000000-0000-0000-0000-000000000000"], {
      DATABASE_URL: "postgresql://postgres:secret-password@127.0.0.1:1/nowhere",
      REDIS_URL: TEST_REDIS_URL,
      VIGIL_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    });
    expect(code).toBe(1);
    expectOneLine(output);
    expect(output).toMatch(/^vigil import: Cannot reach PostgreSQL at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere \(.+\): start it or fix DATABASE_URL/);
    expect(output).not.toContain("secret-password");
  }, 30_000);

  it("`vigil import` with Redis down says so once, instead of a stream of client errors", async () => {
    const database = await createEmptyDatabase();
    try {
      const { code, output } = await run(["import", dataDir, "--log-source", "00000000-0000-0000-0000-000000000000"], { DATABASE_URL: database.url, REDIS_URL: "redis://127.0.0.1:1", VIGIL_DATA_DIR: dataDir, LOG_LEVEL: "warn" });
      expect(code).toBe(1);
      expectOneLine(output);
      expect(output).toMatch(/^vigil import: Cannot reach Redis at redis:\/\/127\.0\.0\.1:1 .*set REDIS_URL/);
    } finally {
      await database.drop();
    }
  }, 60_000);

  it("`vigil start` with the embedded server's port taken names the port and the settings to change", async () => {
    const { code, output } = await run(["start"], { REDIS_URL: TEST_REDIS_URL, VIGIL_DATA_DIR: dataDir, VIGIL_EMBEDDED_PG_PORT: String(occupied.port), PORT: "0" });
    expect(code).toBe(1);
    expectOneLine(output);
    expect(output).toContain(`vigil: Port ${occupied.port} on 127.0.0.1 is already in use`);
    expect(output).toContain("VIGIL_EMBEDDED_PG_PORT");
  }, 30_000);

  it("`vigil start` with the API port taken names the port", async () => {
    const database = await createEmptyDatabase();
    try {
      const { code, output } = await run(["start"], { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, VIGIL_DATA_DIR: dataDir, PORT: String(occupied.port), HOST: "127.0.0.1",
        // error, not warn: the test Redis runs without appendonly, which start-up rightly warns about.
        LOG_LEVEL: "error", VIGIL_QUEUE_PREFIX: `{vigil-startup-${process.pid}}` });
      expect(code).toBe(1);
      expectOneLine(output);
      expect(output).toContain(`vigil: Port ${occupied.port} on 127.0.0.1 is already in use: stop what holds it or set PORT`);
    } finally {
      await database.drop();
    }
  }, 60_000);
});

describe("what the embedded PostgreSQL's OS user can reach", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "vigil-reach-"));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("finds the first folder a user who neither owns it nor is in its group cannot enter", async () => {
    const privateFolder = path.join(root, "private");
    await mkdir(path.join(privateFolder, "vigil", "data"), { recursive: true });
    await chmod(root, 0o755);
    await chmod(privateFolder, 0o700);
    const stranger = { uid: 54_321, gid: 54_321 };
    expect(await folderClosedTo(path.join(privateFolder, "vigil", "data"), stranger)).toBe(privateFolder);
    await chmod(privateFolder, 0o711);
    expect(await folderClosedTo(path.join(privateFolder, "vigil", "data"), stranger)).toBeUndefined();
    // A folder not created yet is made for the server, so only the existing part of the path counts.
    expect(await folderClosedTo(path.join(privateFolder, "not-yet", "pg"), stranger)).toBeUndefined();
  });

  it("tells a port in use from a free one", async () => {
    const { port, server } = await occupiedPort();
    expect(await portInUse(port)).toBe(true);
    await new Promise((resolve) => server.close(resolve));
    expect(await portInUse(port)).toBe(false);
  });
});
