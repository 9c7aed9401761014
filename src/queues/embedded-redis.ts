import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../logger.js";
import { portInUse } from "../db/embedded-postgres-checks.js";

export type EmbeddedRedis = { redisUrl: string; stop(): Promise<void> };

/** The embedded Redis cannot start; the message says what to do, in one sentence. */
export class EmbeddedRedisError extends Error {}

const INSTEAD = "or set REDIS_URL to a Redis server of your own";
const READY = /Ready to accept connections/;
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;

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
 * flushed) when Vigil stops.
 */
export async function startEmbeddedRedis(options: { binary: string; dataDir: string; port: number; logger: Logger }): Promise<EmbeddedRedis> {
  const { binary, port, logger } = options;
  const directory = path.join(options.dataDir, "redis");
  if (await portInUse(port)) {
    throw new EmbeddedRedisError(`Port ${port} on 127.0.0.1 is already in use, so the embedded Redis cannot listen there: stop what holds it, set VIGIL_EMBEDDED_REDIS_PORT to a free port, ${INSTEAD}.`);
  }
  await mkdir(directory, { recursive: true });
  const child = spawn(binary, serverArguments(port, directory), { stdio: ["ignore", "pipe", "pipe"] });
  try {
    await untilReady(child, logger);
  } catch (error) {
    child.kill("SIGKILL");
    throw new EmbeddedRedisError(`The embedded Redis (${binary}) in ${directory} did not start (${(error as Error).message}): see its log with LOG_LEVEL=debug, ${INSTEAD}.`);
  }
  logger.info({ port, directory, appendonly: true }, "embedded Redis started (set REDIS_URL to use your own server)");
  return {
    redisUrl: `redis://127.0.0.1:${port}`,
    stop: async () => {
      // SIGTERM makes Redis flush its append-only file and exit; SIGKILL only if it hangs.
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited(child);
      clearTimeout(timer);
    },
  };
}
