import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { Redis } from "ioredis";
import pino from "pino";
import { loadSettings } from "../../src/config";
import { portInUse } from "../../src/db/embedded-postgres-checks";
import { findRedisServer } from "../../src/queues/embedded-redis";
import { resolveRedisUrl } from "../../src/runtime";
import { StartupError } from "../../src/startup-error";
import { TEST_REDIS_URL } from "../support/env";
import { freePort } from "../support/ports";

const REDIS_SERVER = "/usr/bin/redis-server";

/** A logger whose lines the test reads back. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

async function configValue(redis: Redis, name: string): Promise<string> {
  return ((await redis.config("GET", name)) as string[])[1];
}

describe("a first run without REDIS_URL", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "vigil-embedded-redis-"));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it("uses REDIS_URL when it is set, and the Redis on the local port when something listens there", async () => {
    const { logger } = capturingLogger();
    const stoppers: Array<() => Promise<void>> = [];
    const configured = loadSettings({ REDIS_URL: "redis://cache.internal:6380", VIGIL_DATA_DIR: dataDir });
    expect(await resolveRedisUrl(configured, logger, stoppers)).toBe("redis://cache.internal:6380");
    // The machine's Redis stands in for "something on 6379".
    expect(await resolveRedisUrl(loadSettings({ VIGIL_DATA_DIR: dataDir }), logger, stoppers, TEST_REDIS_URL)).toBe(TEST_REDIS_URL);
    expect(stoppers).toHaveLength(0);
  });

  it("with nothing on the local port, starts an append-only, non-evicting redis-server under the data folder, says so, and stops it", async () => {
    const port = await freePort();
    const settings = loadSettings({ VIGIL_DATA_DIR: dataDir, VIGIL_EMBEDDED_REDIS_PORT: String(port), VIGIL_REDIS_SERVER: REDIS_SERVER });
    const nothingThere = `redis://127.0.0.1:${await freePort()}`;
    const { logger, lines } = capturingLogger();

    const stoppers: Array<() => Promise<void>> = [];
    const url = await resolveRedisUrl(settings, logger, stoppers, nothingThere);
    expect(url).toBe(`redis://127.0.0.1:${port}`);
    expect(stoppers).toHaveLength(1);
    expect(lines).toContainEqual(expect.objectContaining({ msg: expect.stringMatching(/^embedded Redis started/), port, directory: path.join(dataDir, "redis") }));
    const redis = new Redis(url);
    try {
      expect(await configValue(redis, "appendonly")).toBe("yes");
      expect(await configValue(redis, "maxmemory-policy")).toBe("noeviction");
      expect(await configValue(redis, "dir")).toBe(path.join(dataDir, "redis"));
      await redis.set("queued", "object-1");
    } finally {
      await redis.quit();
    }
    await stoppers[0]();
    expect(await portInUse(port)).toBe(false);

    // Started again on the same folder, it still holds what was written: the append-only file kept it.
    const again: Array<() => Promise<void>> = [];
    const restarted = new Redis(await resolveRedisUrl(settings, logger, again, nothingThere));
    try {
      expect(await restarted.get("queued")).toBe("object-1");
    } finally {
      await restarted.quit();
      await again[0]();
    }
  }, 60_000);

  it("with no Redis and no redis-server, ends in one sentence that says what to install", async () => {
    const missing = path.join(dataDir, "no-such-redis-server");
    const settings = loadSettings({ VIGIL_DATA_DIR: dataDir, VIGIL_REDIS_SERVER: missing, VIGIL_EMBEDDED_REDIS_PORT: String(await freePort()) });
    const nothingThere = `redis://127.0.0.1:${await freePort()}`;
    const attempt = resolveRedisUrl(settings, capturingLogger().logger, [], nothingThere);
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toBe(
      `No Redis answers at ${nothingThere} and no redis-server is installed to start one: install Redis (apt install redis-server), start it, or set REDIS_URL (VIGIL_REDIS_SERVER ${missing} is not an executable file).`,
    );
    expect(existsSync(path.join(dataDir, "redis"))).toBe(false);
  });

  it("with the embedded port taken, names the port and the settings to change", async () => {
    const settings = loadSettings({ VIGIL_DATA_DIR: dataDir, VIGIL_REDIS_SERVER: REDIS_SERVER, VIGIL_EMBEDDED_REDIS_PORT: new URL(TEST_REDIS_URL).port });
    const nothingThere = `redis://127.0.0.1:${await freePort()}`;
    await expect(resolveRedisUrl(settings, capturingLogger().logger, [], nothingThere)).rejects.toThrow(/already in use, so the embedded Redis cannot listen there: .*VIGIL_EMBEDDED_REDIS_PORT.*REDIS_URL/);
  });

  it("finds redis-server on PATH, and not where there is none", () => {
    expect(findRedisServer(undefined, path.dirname(REDIS_SERVER))).toBe(REDIS_SERVER);
    expect(findRedisServer(path.join(dataDir, "nothing"))).toBeUndefined();
  });
});
