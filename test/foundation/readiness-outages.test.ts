import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import pino from "pino";
import { type EmbeddedRedis, startEmbeddedRedis } from "../../src/queues/embedded-redis";
import { createEmptyDatabase } from "../support/database";
import { TEST_POSTGRES_URL } from "../support/env";
import { freePort } from "../support/ports";
import { spawnVigil, type VigilProcess } from "../support/vigil-process";

type ReadyAnswer = { status: number; checks: Record<string, string> };

async function readyz(base: string): Promise<ReadyAnswer> {
  const response = await fetch(`${base}/readyz`);
  return { status: response.status, checks: ((await response.json()) as { checks: Record<string, string> }).checks };
}

/** /readyz polled until `expected` holds; the last answer otherwise, so a failure shows what it said. */
async function readyzUntil(base: string, expected: (answer: ReadyAnswer) => boolean, timeoutMs = 30_000): Promise<ReadyAnswer> {
  const deadline = Date.now() + timeoutMs;
  let answer = await readyz(base);
  while (!expected(answer) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    answer = await readyz(base);
  }
  return answer;
}

async function asAdmin(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("/readyz while a server is away", () => {
  const logger = pino({ level: "silent" });
  let dataDir: string;
  let redisPort: number;
  let redis: EmbeddedRedis | undefined;
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let vigil: VigilProcess;
  let base: string;
  const startRedis = async () => {
    redis = await startEmbeddedRedis({ binary: "/usr/bin/redis-server", dataDir, port: redisPort, logger });
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "vigil-readiness-"));
    redisPort = await freePort();
    await startRedis();
    database = await createEmptyDatabase();
    vigil = spawnVigil(["serve"], { DATABASE_URL: database.url, REDIS_URL: redis!.redisUrl, VIGIL_DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info" });
    const listening = await vigil.waitForLog((line) => line.msg === "GraphQL API listening (HTTP and WebSocket)", 60_000);
    base = String(listening.url).replace(/\/graphql$/, "");
  }, 90_000);
  afterAll(async () => {
    // A graceful stop: SIGKILL would leave tsx's own child running, holding the output pipes open.
    vigil.child.kill("SIGINT");
    const killer = setTimeout(() => vigil.child.kill("SIGKILL"), 15_000);
    await vigil.exited;
    clearTimeout(killer);
    await asAdmin(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`);
    await database.drop();
    await redis?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("is not ready while its Redis is stopped, and ready again once it is back", async () => {
    expect(await readyz(base)).toEqual({ status: 200, checks: { postgres: "ok", redis: "ok", migrations: "ok" } });
    await redis!.stop();
    redis = undefined;
    const away = await readyzUntil(base, (answer) => answer.status === 503);
    expect(away.status).toBe(503);
    expect(away.checks).toMatchObject({ postgres: "ok", redis: expect.stringMatching(/^error: /) });

    await startRedis();
    expect(await readyzUntil(base, (answer) => answer.status === 200)).toEqual({ status: 200, checks: { postgres: "ok", redis: "ok", migrations: "ok" } });
  }, 90_000);

  it("is not ready while its database refuses connections, and ready again once it accepts them", async () => {
    // The server stays up for the other databases: this one closes its sessions and turns new ones away.
    await asAdmin(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS false`);
    await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}'`);
    const away = await readyzUntil(base, (answer) => answer.status === 503);
    expect(away.status).toBe(503);
    expect(away.checks).toMatchObject({ redis: "ok", postgres: expect.stringMatching(/^error: /) });

    await asAdmin(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`);
    expect(await readyzUntil(base, (answer) => answer.status === 200)).toEqual({ status: 200, checks: { postgres: "ok", redis: "ok", migrations: "ok" } });
    expect(vigil.child.exitCode).toBeNull();
  }, 90_000);
});
