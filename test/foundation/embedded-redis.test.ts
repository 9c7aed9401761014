import { spawn } from "node:child_process";
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
const HOLDER = path.join(__dirname, "support", "hold-embedded-redis.ts");

/** A process that started an embedded Redis on the folder and port and runs until killed, like `vigil start`. */
async function holdEmbeddedRedis(dataDir: string, port: number) {
  const child = spawn(process.execPath, ["--import", "tsx", HOLDER, dataDir, String(port)], { cwd: path.join(__dirname, "..", ".."), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready")) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the holder exited (${code}): ${output}`)));
  });
  return child;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

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

  it("after a kill -9 of the Vigil that started it, the next start stops the leftover server cleanly and runs its own on the same data; never while that Vigil runs", async () => {
    const port = await freePort();
    const settings = loadSettings({ VIGIL_DATA_DIR: dataDir, VIGIL_EMBEDDED_REDIS_PORT: String(port), VIGIL_REDIS_SERVER: REDIS_SERVER });
    const nothingThere = `redis://127.0.0.1:${await freePort()}`;
    const holder = await holdEmbeddedRedis(dataDir, port);
    const probe = new Redis(`redis://127.0.0.1:${port}`);
    const leftoverPid = Number(/^process_id:(\d+)/m.exec(await probe.info("server"))![1]);
    await probe.quit();

    // Its Vigil still runs: its server is not touched.
    await expect(resolveRedisUrl(settings, capturingLogger().logger, [], nothingThere)).rejects.toThrow(
      `The embedded Redis in ${path.join(dataDir, "redis")} belongs to a Vigil still running (process ${holder.pid}): stop that one first, give this one its own VIGIL_DATA_DIR, or set REDIS_URL to a Redis server of your own.`,
    );
    expect(alive(leftoverPid)).toBe(true);

    const killed = new Promise((resolve) => holder.once("exit", resolve));
    holder.kill("SIGKILL");
    await killed;
    // What kill -9 leaves: the server runs on without its Vigil.
    expect(alive(leftoverPid)).toBe(true);
    expect(await portInUse(port)).toBe(true);

    const { logger, lines } = capturingLogger();
    const stoppers: Array<() => Promise<void>> = [];
    const url = await resolveRedisUrl(settings, logger, stoppers, nothingThere);
    expect(url).toBe(`redis://127.0.0.1:${port}`);
    expect(lines).toContainEqual(expect.objectContaining({ msg: expect.stringMatching(/^stopped the embedded Redis a previous run left running/), pid: leftoverPid, port }));
    expect(alive(leftoverPid)).toBe(false);
    const redis = new Redis(url);
    try {
      expect(Number(/^process_id:(\d+)/m.exec(await redis.info("server"))![1])).not.toBe(leftoverPid);
      // The leftover's append-only file was flushed on SHUTDOWN: what the killed Vigil wrote is still there.
      expect(await redis.get("queued")).toBe("object-1");
    } finally {
      await redis.quit();
    }
    await stoppers[0]();
    expect(await portInUse(port)).toBe(false);
  }, 60_000);

  it("leaves a Redis on the embedded port alone when its data folder is not this one", async () => {
    const port = await freePort();
    const elsewhere = await mkdtemp(path.join(tmpdir(), "vigil-embedded-redis-other-"));
    const holder = await holdEmbeddedRedis(elsewhere, port);
    try {
      holder.kill("SIGKILL");
      const settings = loadSettings({ VIGIL_DATA_DIR: dataDir, VIGIL_EMBEDDED_REDIS_PORT: String(port), VIGIL_REDIS_SERVER: REDIS_SERVER });
      await expect(resolveRedisUrl(settings, capturingLogger().logger, [], `redis://127.0.0.1:${await freePort()}`)).rejects.toThrow(/already in use, so the embedded Redis cannot listen there/);
    } finally {
      const other = new Redis(`redis://127.0.0.1:${port}`);
      await other.call("SHUTDOWN").catch(() => undefined);
      other.disconnect();
      await rm(elsewhere, { recursive: true, force: true });
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
