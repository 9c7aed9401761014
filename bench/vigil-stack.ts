/**
 * Vigil as deployed, for the benchmarks that need whole processes: `vigil serve` and `vigil worker`
 * processes sharing only a scratch PostgreSQL database and a Redis queue prefix.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { BENCH_POSTGRES_URL, scratchDatabase } from "./findings-scratch.js";

export type VigilRole = { child: ChildProcess; ready: Promise<Record<string, unknown>> };

/** Runs `vigil <role>` from this checkout: the compiled CLI beside a compiled bench, else the sources through tsx; `nodeArgs` go to node (`--cpu-prof`). */
export function startRole(role: "start" | "serve" | "worker", env: Record<string, string>, nodeArgs: readonly string[] = []): VigilRole {
  const compiled = path.extname(__filename) === ".js";
  const main = path.join(__dirname, "..", "src", "cli", compiled ? "main.js" : "main.ts");
  const command = compiled ? process.execPath : path.join(__dirname, "..", "node_modules", ".bin", "tsx");
  const child = spawn(command, [...nodeArgs, main, role], { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "info", ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const awaited = role === "worker" ? "workers started" : "GraphQL API listening (HTTP and WebSocket)";
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          if (parsed.msg === awaited) resolve(parsed);
        } catch {
          // not a log line
        }
      }
    });
    child.on("exit", (code) => reject(new Error(`vigil ${role} exited (${code}) before it was ready`)));
  });
  return { child, ready };
}

export async function stopRoles(roles: readonly VigilRole[]): Promise<void> {
  for (const { child } of roles) child.kill("SIGTERM");
  await Promise.all(roles.map(({ child }) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once("exit", resolve)) : undefined)));
}

export type BenchStack = {
  /** The environment every role of this stack runs with. */
  env: Record<string, string>;
  operatorToken: string;
  databaseUrl: string;
  /** VIGIL_LOGS_ROOT: local-folder sources live below it. */
  logsRoot: string;
  /** Drops the database, the data folder and the queue prefix's keys. */
  remove(): Promise<void>;
};

export async function benchStack(redisUrl: string, extraEnv: Record<string, string> = {}): Promise<BenchStack> {
  const database = await scratchDatabase(BENCH_POSTGRES_URL);
  const dataDir = await mkdtemp(path.join(tmpdir(), "vigil-bench-"));
  const queuePrefix = `{vigil-bench-${randomBytes(4).toString("hex")}}`;
  const operatorToken = `op_${randomBytes(24).toString("hex")}`;
  const logsRoot = path.join(dataDir, "logs");
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    VIGIL_QUEUE_PREFIX: queuePrefix,
    VIGIL_DATA_DIR: dataDir,
    VIGIL_LOGS_ROOT: logsRoot,
    VIGIL_SECRET_KEY: randomBytes(32).toString("base64"),
    VIGIL_OPERATOR_TOKEN: operatorToken,
    PORT: "0",
    ...extraEnv,
  };
  return {
    env,
    operatorToken,
    databaseUrl: database.url,
    logsRoot,
    remove: async () => {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${queuePrefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
}

/** A GraphQL client of a running `vigil serve`. */
export function graphqlClient(listening: Record<string, unknown>) {
  const url = String(listening.url).replace(/\/graphql$/, "");
  const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
    const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const result = (await response.json()) as { data?: any; errors?: unknown };
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
  return { url, gql };
}

/** An account of `ACCOUNT` with an enabled detector, made through the API as a user would: its key and detector. */
export async function benchAccount(gql: ReturnType<typeof graphqlClient>["gql"], operatorToken: string, accountId: string): Promise<{ key: string; detectorId: string }> {
  const created = await gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { apiKey { secret } } }`, { i: { accountId, name: "bench", email: "bench@example.com" } }, operatorToken);
  const key = created.createAccount.apiKey.secret as string;
  const detectorId = (await gql(`mutation { createDetector(enable: true) { detectorId } }`, {}, key)).createDetector.detectorId as string;
  return { key, detectorId };
}

/** `vigil_log_source_events_processed_total` summed over sources, read from /metrics (PostgreSQL's counters). */
export async function eventsProcessed(url: string, operatorToken: string): Promise<number> {
  return sumOfMetric(await metricsText(url, operatorToken), "vigil_log_source_events_processed_total");
}

export async function metricsText(url: string, operatorToken: string): Promise<string> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${operatorToken}` } });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

/** The sum of a metric's samples (all label sets) in Prometheus' text format. */
export function sumOfMetric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split("\n")) if (line.split(/[{\s]/)[0] === name) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  return sum;
}
