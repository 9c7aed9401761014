/**
 * Throughput with 1 and with 2 `vigil worker` processes: many realistic CloudTrail objects (1,000 to
 * 5,000 events each, gzip'd, one continuous timeline so that windowed rules and baselines span
 * objects) dropped in a local-folder source, read through the real queue, workers and PostgreSQL.
 * Each run has a database and queue prefix of its own; the clock runs from the source's creation
 * (the workers are up and idle) to the last object recorded. The findings of both runs are compared:
 * two workers must find what one finds, no more (no duplicates) and no less (windows seen whole).
 *
 *   npx tsx bench/worker-scaling.ts [--objects 100] [--workers 1,2]
 *
 * `--workers 1,1` compares two runs of one worker: what differs then is not the second worker's doing.
 *
 * The last stdout line is the JSON result.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Client } from "pg";
import { objectChunks } from "./generate/objects.js";
import { seededRandom } from "./generate/random.js";
import { benchStack, graphqlClient, startRole, stopRoles, type VigilRole } from "./vigil-stack.js";

export type ScalingRun = { workers: number; seconds: number; eventsPerSecond: number; findings: number };

export type ScalingResult = {
  objects: number;
  events: number;
  megabytes: number;
  runs: ScalingRun[];
  /** Events/s of the second run (2 workers) over events/s of the first (1 worker). */
  ratio: number;
  /** Both runs stored the same findings (type, title, count, first and last seen). */
  sameFindings: boolean;
  /** The first few findings that differ between the runs, if any. */
  differences: string[];
  /** Finding types with differing findings → how many lines differ. */
  differingTypes: Record<string, number>;
};

const ACCOUNT = "123456789012";
/** Events are 37 ms apart in the generator: an object of 2,500 events covers about 90 s. */
const EVENT_SPACING_MS = 37;
const START = Date.parse("2026-11-01T00:00:00Z");

type GeneratedObject = { key: string; body: Buffer; events: number };

/** Bytes one generated record takes, measured on a sample, to size objects by events. */
function bytesPerEvent(): number {
  const sample = Array.from(objectChunks("cloudtrail", 2e6, { accountId: ACCOUNT, seed: 99 })).join("");
  return sample.length / (JSON.parse(sample) as { Records: unknown[] }).Records.length;
}

function generateObjects(count: number): GeneratedObject[] {
  const random = seededRandom(7);
  const perEvent = bytesPerEvent();
  const objects: GeneratedObject[] = [];
  let startTime = START;
  for (let i = 0; i < count; i++) {
    const wanted = 1000 + Math.floor(random.next() * 4000);
    const text = Array.from(objectChunks("cloudtrail", wanted * perEvent, { accountId: ACCOUNT, seed: 1000 + i, startTime })).join("");
    const events = (JSON.parse(text) as { Records: unknown[] }).Records.length;
    const stamp = new Date(startTime).toISOString().replace(/[-:]|\.\d{3}/g, "").slice(0, 13);
    objects.push({ key: `${ACCOUNT}_CloudTrail_us-east-1_${stamp}Z_${String(i).padStart(4, "0")}.json.gz`, body: gzipSync(text), events });
    startTime += events * EVENT_SPACING_MS;
  }
  return objects;
}

async function storedFindings(databaseUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ line: string }>(
      `SELECT concat_ws(' | ', type, title, count, "eventFirstSeen", "eventLastSeen") AS line FROM findings ORDER BY 1`,
    );
    return rows.map((row) => row.line);
  } finally {
    await client.end();
  }
}

async function waitForObjects(databaseUrl: string, objects: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ done: string }>(`SELECT coalesce(sum("objectsProcessed" + "objectsFailed"), 0) AS done FROM log_sources`);
      if (Number(rows[0].done) >= objects) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

async function runWith(workers: number, objects: readonly GeneratedObject[], redisUrl: string): Promise<ScalingRun & { lines: string[] }> {
  const stack = await benchStack(redisUrl);
  const roles: VigilRole[] = [startRole("serve", stack.env)];
  try {
    const { gql } = graphqlClient(await roles[0].ready);
    const key = (await gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { apiKey { secret } } }`, { i: { accountId: ACCOUNT, name: "bench", email: "bench@example.com" } }, stack.operatorToken))
      .createAccount.apiKey.secret as string;
    const detectorId = (await gql(`mutation { createDetector(enable: true) { detectorId } }`, {}, key)).createDetector.detectorId as string;
    const folder = path.join(stack.logsRoot, "trail");
    await mkdir(folder, { recursive: true });
    for (const object of objects) await writeFile(path.join(folder, object.key), object.body);
    for (let i = 0; i < workers; i++) roles.push(startRole("worker", stack.env));
    await Promise.all(roles.map((role) => role.ready));

    const start = performance.now();
    await gql(`mutation($d: ID!) { createLogSource(detectorId: $d, input: {name: "trail", kind: CLOUD_TRAIL, location: "trail", pollIntervalSeconds: 60}) { logSourceId } }`, { d: detectorId }, key);
    await waitForObjects(stack.databaseUrl, objects.length);
    const seconds = (performance.now() - start) / 1000;
    const events = objects.reduce((sum, object) => sum + object.events, 0);
    const lines = await storedFindings(stack.databaseUrl);
    return { workers, seconds, eventsPerSecond: events / seconds, findings: lines.length, lines };
  } finally {
    await stopRoles(roles);
    await stack.remove();
  }
}

export async function runWorkerScaling(options: { objects?: number; workers?: [number, number]; redisUrl?: string } = {}): Promise<ScalingResult> {
  const [fewer, more] = options.workers ?? [1, 2];
  const redisUrl = options.redisUrl ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const objects = generateObjects(options.objects ?? 100);
  const events = objects.reduce((sum, object) => sum + object.events, 0);
  const megabytes = objects.reduce((sum, object) => sum + object.body.length, 0) / 1e6;
  log(`bench: ${objects.length} CloudTrail objects, ${events} events, ${megabytes.toFixed(1)} MB gzip'd`);
  const one = await runWith(fewer, objects, redisUrl);
  log(`bench: ${fewer} worker(s): ${one.seconds.toFixed(1)} s, ${Math.round(one.eventsPerSecond)} events/s, ${one.findings} findings`);
  const two = await runWith(more, objects, redisUrl);
  log(`bench: ${more} worker(s): ${two.seconds.toFixed(1)} s, ${Math.round(two.eventsPerSecond)} events/s, ${two.findings} findings`);
  const onlyOne = one.lines.filter((line) => !two.lines.includes(line)).map((line) => `first run only: ${line}`);
  const onlyTwo = two.lines.filter((line) => !one.lines.includes(line)).map((line) => `second run only: ${line}`);
  const differences = [...onlyOne, ...onlyTwo];
  const differingTypes: Record<string, number> = {};
  for (const difference of differences) {
    const type = difference.slice(difference.indexOf(": ") + 2).split(" | ")[0];
    differingTypes[type] = (differingTypes[type] ?? 0) + 1;
  }
  for (const difference of differences.slice(0, 10)) log(`bench: ${difference}`);
  return {
    objects: objects.length,
    events,
    megabytes,
    runs: [one, two].map(({ lines: _lines, ...run }) => run),
    ratio: two.eventsPerSecond / one.eventsPerSecond,
    sameFindings: differences.length === 0,
    differences: differences.slice(0, 10),
    differingTypes,
  };
}

function flag(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : Number(process.argv[index + 1]);
}

if (require.main === module) {
  const workers = process.argv.includes("--workers") ? (process.argv[process.argv.indexOf("--workers") + 1].split(",").map(Number) as [number, number]) : undefined;
  runWorkerScaling({ objects: flag("objects"), workers }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error) => {
      process.stderr.write(`worker-scaling bench failed: ${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
