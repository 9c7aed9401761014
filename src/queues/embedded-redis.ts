import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import { portInUse } from "../db/embedded-postgres-checks.js";

export type EmbeddedRedis = { redisUrl: string; stop(): Promise<void> };

/** The embedded Redis cannot start; the message says what to do, in one sentence. */
export class EmbeddedRedisError extends Error {}

const INSTEAD = "or set REDIS_URL to a Redis server of your own";
const READY = /Ready to accept connections/;
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;
/** Beside the data: which Vigil process runs the server, and on which port. */
const OWNER_FILE = "vigil-owner.json";

type Owner = { ownerPid: number; port: number };

async function readOwner(directory: string): Promise<Owner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path.join(directory, OWNER_FILE), "utf8")) as Partial<Owner>;
    return Number.isInteger(owner.ownerPid) && Number.isInteger(owner.port) ? (owner as Owner) : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * The pid of the redis-server on the port when its data folder is `directory` (CONFIG GET dir), so one of
 * ours; undefined for anything else (another Redis, one that refuses CONFIG, not a Redis at all).
 */
async function ownServerPid(port: number, directory: string): Promise<number | undefined> {
  const redis = new Redis({ host: "127.0.0.1", port, lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    const [, dir] = (await redis.config("GET", "dir")) as string[];
    if (dir !== directory) return undefined;
    const pid = /^process_id:(\d+)/m.exec(await redis.info("server"))?.[1];
    return pid ? Number(pid) : undefined;
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

/**
 * A redis-server on this data folder left running by a Vigil that was killed (kill -9 leaves its child
 * behind) is shut down cleanly (SHUTDOWN flushes the append-only file), so this start runs its own on
 * the same data. One whose Vigil still runs is not touched: two servers must never share the folder.
 */
async function stopLeftover(directory: string, port: number, logger: Logger): Promise<void> {
  const owner = await readOwner(directory);
  if (owner && owner.ownerPid !== process.pid && processAlive(owner.ownerPid)) {
    throw new EmbeddedRedisError(`The embedded Redis in ${directory} belongs to a Vigil still running (process ${owner.ownerPid}): stop that one first, give this one its own VIGIL_DATA_DIR, ${INSTEAD}.`);
  }
  for (const candidate of new Set([owner?.port ?? port, port])) {
    if (!(await portInUse(candidate))) continue;
    const pid = await ownServerPid(candidate, directory);
    if (pid === undefined) continue;
    const redis = new Redis({ host: "127.0.0.1", port: candidate, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on("error", () => undefined);
    // The server closes the connection instead of answering.
    await redis.connect().then(() => redis.call("SHUTDOWN")).catch(() => undefined);
    redis.disconnect();
    if (!(await until(async () => !processAlive(pid) && !(await portInUse(candidate)), STOP_TIMEOUT_MS))) process.kill(pid, "SIGKILL");
    logger.info({ port: candidate, directory, pid }, "stopped the embedded Redis a previous run left running (its data is kept)");
  }
}

/** The redis-server to run: the configured path, else the first on PATH (Debian's package puts it in /usr/bin). */
export function findRedisServer(configured: string | undefined, searchPath = process.env.PATH ?? ""): string | undefined {
  const candidates = configured ? [configured] : [...searchPath.split(path.delimiter).filter(Boolean), "/usr/bin", "/usr/sbin", "/usr/local/bin"].map((dir) => path.join(dir, "redis-server"));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Persistence as production needs it (see the README's "Redis in production"): an append-only file, and no eviction of queue keys. */
function serverArguments(port: number, directory: string): string[] {
  return ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory, "--appendonly", "yes", "--maxmemory-policy", "noeviction", "--daemonize", "no", "--logfile", ""];
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Resolves once the server says it accepts connections; rejects with its last words when it exits or takes too long first. */
function untilReady(child: ChildProcess, logger: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`not ready after ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split("\n").filter((l) => l.trim() !== "")) logger.debug({ redis: line.trim() }, "embedded redis");
      if (READY.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const lastLine = output.trim().split("\n").pop()?.replace(/^\d+:\w \S+ \S+ \S+ [*#.-] /, "") ?? "";
      reject(new Error(`exited with ${signal ?? `code ${code}`}${lastLine ? `: ${lastLine.slice(0, 200)}` : ""}`));
    });
  });
}

/**
 * A redis-server kept under the data folder, for a first run without REDIS_URL and no Redis on 6379.
 * Production deployments set REDIS_URL instead. It is this process's child: stopped (its append-only file
 * flushed) when Vigil stops, and stopped at the next start when Vigil was killed before it could.
 */
export async function startEmbeddedRedis(options: { binary: string; dataDir: string; port: number; logger: Logger }): Promise<EmbeddedRedis> {
  const { binary, port, logger } = options;
  await mkdir(path.join(options.dataDir, "redis"), { recursive: true });
  // As Redis reports it in CONFIG GET dir: absolute, links resolved.
  const directory = await realpath(path.join(options.dataDir, "redis"));
  await stopLeftover(directory, port, logger);
  if (await portInUse(port)) {
    throw new EmbeddedRedisError(`Port ${port} on 127.0.0.1 is already in use, so the embedded Redis cannot listen there: stop what holds it, set VIGIL_EMBEDDED_REDIS_PORT to a free port, ${INSTEAD}.`);
  }
  const child = spawn(binary, serverArguments(port, directory), { stdio: ["ignore", "pipe", "pipe"] });
  try {
    await untilReady(child, logger);
  } catch (error) {
    child.kill("SIGKILL");
    throw new EmbeddedRedisError(`The embedded Redis (${binary}) in ${directory} did not start (${(error as Error).message}): see its log with LOG_LEVEL=debug, ${INSTEAD}.`);
  }
  await writeFile(path.join(directory, OWNER_FILE), JSON.stringify({ ownerPid: process.pid, port } satisfies Owner));
  logger.info({ port, directory, appendonly: true }, "embedded Redis started (set REDIS_URL to use your own server)");
  return {
    redisUrl: `redis://127.0.0.1:${port}`,
    stop: async () => {
      // SIGTERM makes Redis flush its append-only file and exit; SIGKILL only if it hangs.
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited(child);
      clearTimeout(timer);
      await rm(path.join(directory, OWNER_FILE), { force: true });
    },
  };
}
