import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createEmptyDatabase } from "../support/database";
import { TEST_REDIS_URL } from "../support/env";
import { spawnVigil } from "../support/vigil-process";

describe("the vigil process", () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    database = await createEmptyDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), "vigil-data-"));
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      PORT: "0",
      VIGIL_DATA_DIR: dataDir,
      VIGIL_QUEUE_PREFIX: `{vigil-test-${randomBytes(4).toString("hex")}}`,
    };
  });

  afterEach(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("`vigil start` migrates, serves, runs workers, becomes ready, and stops cleanly on SIGTERM", async () => {
    const vigil = spawnVigil(["start"], env);
    try {
      const listening = await vigil.waitForLog((l) => l.msg === "GraphQL API listening (HTTP and WebSocket)");
      await vigil.waitForLog((l) => l.msg === "workers started");
      await vigil.waitForLog((l) => l.msg === "vigil is running");
      expect(vigil.output()).toContain("database migrations applied");
      const base = String(listening.url).replace(/\/graphql$/, "");

      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      // The generated operator token works for the operator-only mutation.
      const tokenLog = await vigil.waitForLog((l) => typeof l.file === "string" && String(l.msg).includes("operator token"));
      const { readFile } = await import("node:fs/promises");
      const token = (await readFile(String(tokenLog.file), "utf8")).trim();
      const created = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `mutation { createAccount(input: {accountId: "100000000001", name: "a", email: "a@example.com"}) { account { accountId } } }` }),
      });
      expect(await created.json()).toEqual({ data: { createAccount: { account: { accountId: "100000000001" } } } });

      vigil.child.kill("SIGTERM");
      const { code } = await vigil.exited;
      expect(code).toBe(0);
      expect(vigil.output()).toContain('"msg":"stopped"');
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    } finally {
      vigil.child.kill("SIGKILL");
    }
  });

  it("`vigil serve` runs the API without workers, and SIGINT stops it", async () => {
    const vigil = spawnVigil(["serve"], env);
    try {
      await vigil.waitForLog((l) => l.msg === "vigil is running");
      expect(vigil.output()).not.toContain("workers started");
      vigil.child.kill("SIGINT");
      const exit = await vigil.exited;
      expect({ exit, output: vigil.output() }).toMatchObject({ exit: { code: 0 } });
    } finally {
      vigil.child.kill("SIGKILL");
    }
  });

  it("`vigil migrate` applies migrations and exits", async () => {
    const vigil = spawnVigil(["migrate"], env);
    expect((await vigil.exited).code).toBe(0);
    expect(vigil.output()).toMatch(/applied \d+ migration\(s\)/);
  });

  it("says in one line how to start Redis when it is unreachable", async () => {
    const vigil = spawnVigil(["start"], { ...env, REDIS_URL: "redis://127.0.0.1:1" });
    expect((await vigil.exited).code).toBe(1);
    expect(vigil.output()).toMatch(/^vigil: Cannot reach Redis at redis:\/\/127\.0\.0\.1:1 .*redis-server/m);
  });

  it("stops before doing anything when a setting is invalid, naming it", async () => {
    const vigil = spawnVigil(["start"], { ...env, PORT: "not-a-port" });
    expect((await vigil.exited).code).toBe(2);
    expect(vigil.output()).toMatch(/^vigil: Invalid configuration: PORT:/m);
  });
});
