/**
 * Time from a CloudTrail file landing in a local-folder source to its finding arriving on a
 * graphql-ws subscription, under sustained load. The API and a worker run as separate processes on
 * a scratch database and queue prefix (as deployed: they share only PostgreSQL and Redis). Files land
 * at a steady rate, each with ordinary calls and one call from a Kali Linux host by a principal of
 * its own, so each file makes one new finding the subscriber can attribute to it.
 *
 *   npx tsx bench/findings-latency.ts [--seconds 30] [--files-per-second 2] [--events-per-file 1000]
 *
 * The latency includes the source's poll interval (1 s, its minimum). The last stdout line is the JSON result.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "graphql-ws";
import { Redis } from "ioredis";
import WebSocket from "ws";
import { BENCH_POSTGRES_URL, scratchDatabase } from "./findings-scratch.js";

export type LatencyBenchOptions = { seconds?: number; filesPerSecond?: number; eventsPerFile?: number; redisUrl?: string };

export type LatencyBenchResult = {
  eventsPerSecond: number;
  seconds: number;
  findings: number;
  /** File landing → subscription message. */
  p50Ms: number;
  p99Ms: number;
  /** Finding written by the worker (its createdAt) → subscription message: the live path alone. */
  writtenToMessageP50Ms: number;
  writtenToMessageP99Ms: number;
  missed: number;
};

const ACCOUNT = "111122223333";
const KALI = "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023";
const ORDINARY = "aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0 exe/x86_64";

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** `{"Records":[…]}` as CloudTrail delivers it; the last record comes from a Kali host as `principal`. */
function cloudTrailFile(events: number, principal: string): string {
  const records = Array.from({ length: events }, (_, i) => {
    const kali = i === events - 1;
    const user = kali ? principal : `user${i % 50}`;
    return {
      eventVersion: "1.10",
      eventTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      eventSource: "ec2.amazonaws.com",
      eventName: "DescribeInstances",
      awsRegion: "us-east-1",
      sourceIPAddress: "198.51.100.20",
      userAgent: kali ? KALI : ORDINARY,
      userIdentity: { type: "IAMUser", principalId: `AIDA${user.toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:user/${user}`, accountId: ACCOUNT, userName: user },
      eventID: `${principal}-${i}`,
      eventType: "AwsApiCall",
      readOnly: true,
      recipientAccountId: ACCOUNT,
    };
  });
  return JSON.stringify({ Records: records });
}

/** Runs `vigil <role>` from this checkout: the compiled CLI beside a compiled bench, else the sources through tsx. */
function startRole(role: "serve" | "worker", env: Record<string, string>): { child: ChildProcess; ready: Promise<Record<string, unknown>> } {
  const compiled = path.extname(__filename) === ".js";
  const main = path.join(__dirname, "..", "src", "cli", compiled ? "main.js" : "main.ts");
  const command = compiled ? process.execPath : path.join(__dirname, "..", "node_modules", ".bin", "tsx");
  const child = spawn(command, [main, role], { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "info", ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const awaited = role === "serve" ? "GraphQL API listening (HTTP and WebSocket)" : "workers started";
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

export async function runLatencyBench(options: LatencyBenchOptions = {}): Promise<LatencyBenchResult> {
  const seconds = options.seconds ?? 30;
  const filesPerSecond = options.filesPerSecond ?? 2;
  const eventsPerFile = options.eventsPerFile ?? 1000;
  const redisUrl = options.redisUrl ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const database = await scratchDatabase(BENCH_POSTGRES_URL);
  const dataDir = await mkdtemp(path.join(tmpdir(), "vigil-latency-"));
  const queuePrefix = `{vigil-bench-${randomBytes(4).toString("hex")}}`;
  const operator = `op_${randomBytes(24).toString("hex")}`;
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    VIGIL_QUEUE_PREFIX: queuePrefix,
    VIGIL_DATA_DIR: dataDir,
    VIGIL_LOGS_ROOT: path.join(dataDir, "logs"),
    VIGIL_SECRET_KEY: randomBytes(32).toString("base64"),
    VIGIL_OPERATOR_TOKEN: operator,
    PORT: "0",
  };
  const roles = [startRole("serve", env), startRole("worker", env)];
  try {
    const [listening] = await Promise.all(roles.map((role) => role.ready));
    const url = String(listening.url).replace(/\/graphql$/, "");
    const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
      const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      const result = (await response.json()) as { data?: any; errors?: unknown };
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data;
    };
    const key = (await gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { apiKey { secret } } }`, { i: { accountId: ACCOUNT, name: "bench", email: "bench@example.com" } }, operator))
      .createAccount.apiKey.secret as string;
    const detectorId = (await gql(`mutation { createDetector(enable: true) { detectorId } }`, {}, key)).createDetector.detectorId as string;
    const folder = path.join(dataDir, "logs", "trail");
    await mkdir(folder, { recursive: true });
    await gql(`mutation($d: ID!) { createLogSource(detectorId: $d, input: {name: "trail", kind: CLOUD_TRAIL, location: "trail", pollIntervalSeconds: 1}) { logSourceId } }`, { d: detectorId }, key);

    const landed = new Map<string, number>();
    const latencies: number[] = [];
    const liveLatencies: number[] = [];
    const client = createClient({ url: `${url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` } });
    const criteria = { criterion: [{ attribute: "type", equals: ["PenTest:IAMUser/KaliLinux"] }] };
    const unsubscribe = client.subscribe(
      { query: `subscription($d: ID!, $c: FindingCriteriaInput) { findings(detectorId: $d, findingCriteria: $c) { finding { createdAt resource } } }`, variables: { d: detectorId, c: criteria } },
      {
        next: (message) => {
          const finding = (message.data as any)?.findings.finding;
          const at = landed.get(finding?.resource.accessKeyDetails?.userName);
          if (at === undefined) return;
          latencies.push(performance.now() - at);
          liveLatencies.push(Date.now() - Date.parse(finding.createdAt));
        },
        error: (error) => log(`subscription error: ${JSON.stringify(error)}`),
        complete: () => undefined,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    log(`bench: ${filesPerSecond} files/s of ${eventsPerFile} events for ${seconds} s`);
    const files = seconds * filesPerSecond;
    const start = performance.now();
    for (let i = 0; i < files; i++) {
      const due = start + (i * 1000) / filesPerSecond;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const principal = `bench${i}`;
      // Written under a hidden name, then renamed: the source never sees half a file.
      const partial = path.join(folder, `.${principal}.json`);
      await writeFile(partial, cloudTrailFile(eventsPerFile, principal));
      await rename(partial, path.join(folder, `${ACCOUNT}_CloudTrail_us-east-1_${String(i).padStart(6, "0")}.json`));
      landed.set(principal, performance.now());
    }
    const drainUntil = performance.now() + 30_000;
    while (latencies.length < files && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 100));
    unsubscribe();
    await client.dispose();

    const sorted = [...latencies].sort((a, b) => a - b);
    const live = [...liveLatencies].sort((a, b) => a - b);
    const result = {
      eventsPerSecond: filesPerSecond * eventsPerFile,
      seconds,
      findings: latencies.length,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      writtenToMessageP50Ms: percentile(live, 50),
      writtenToMessageP99Ms: percentile(live, 99),
      missed: files - latencies.length,
    };
    log(`bench: ${result.findings} findings; landing → subscription p50 ${result.p50Ms.toFixed(0)} ms, p99 ${result.p99Ms.toFixed(0)} ms; written → subscription p50 ${result.writtenToMessageP50Ms.toFixed(0)} ms, p99 ${result.writtenToMessageP99Ms.toFixed(0)} ms; ${result.missed} not seen`);
    return result;
  } finally {
    for (const { child } of roles) child.kill("SIGTERM");
    await Promise.all(roles.map(({ child }) => (child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : undefined)));
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${queuePrefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}

function flag(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : Number(process.argv[index + 1]);
}

if (require.main === module) {
  runLatencyBench({ seconds: flag("seconds"), filesPerSecond: flag("files-per-second"), eventsPerFile: flag("events-per-file") }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error) => {
      process.stderr.write(`findings-latency bench failed: ${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
