/**
 * CloudTrail as AWS delivers it: many gzip'd objects of 1,000–5,000 events (one per account, region
 * and ~5 minutes), each through the whole path of a process job — gunzip, parse, every rule with
 * threat lists loaded, baselines and attack sequences (state in Redis), windows, aggregation and the
 * ledger's one-transaction write of the findings to PostgreSQL — against gunzip + JSON.parse of the
 * same bytes. Each round reads every object once into a log source of its own (a recorded object is
 * not read again), so state in Redis and PostgreSQL carries over as it does in a running worker.
 *
 *   node dist/bench/cloudtrail-objects.js [OBJECTS]      (run it pinned: taskset -c 0 …)
 *
 * Needs the PostgreSQL and Redis of the tests (TEST_POSTGRES_URL, TEST_REDIS_URL). The last stdout line is the JSON result.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { gunzipSync, gzipSync } from "node:zlib";
import { Redis } from "ioredis";
import { migrate } from "../src/db/migrator.js";
import { createDatabase } from "../src/db/prisma.js";
import { IntelRegistry } from "../src/detection/intel/registry.js";
import { buildThreatIndex } from "../src/detection/intel/threat-index.js";
import { parseList } from "../src/detection/intel/formats/parse-list.js";
import { GUARDDUTY_LIST_LIMITS } from "../src/detection/intel/formats/types.js";
import { createIngest } from "../src/ingest/index.js";
import { createLocalPubSub } from "../src/realtime/pubsub.js";
import { createServices } from "../src/services/index.js";
import { SecretBox } from "../src/services/secrets/secret-box.js";
import { findingsDigest } from "./findings-digest.js";
import { BENCH_POSTGRES_URL, scratchDatabase } from "./findings-scratch.js";
import { indicatorLists, loadIndicators } from "./generate/indicators.js";
import { objectChunks } from "./generate/objects.js";

export type CloudTrailObjectsResult = {
  objects: number;
  megabytes: number;
  events: number;
  findings: number;
  baselinePerSecond: number;
  fullPerSecond: number;
  /** Events per second of this process's CPU (user + system) on the full path: what a loaded machine's wall clock hides. */
  fullPerCpuSecond: number;
  ratio: number;
};

const ACCOUNT = "123456789012";
// The generator's records average about 1,220 bytes of JSON.
const BYTES_PER_EVENT = 1_220;
const FIVE_MINUTES = 300_000;

/** Object i: 1,000–5,000 events (spread by a fixed stride), five minutes after object i − 1. */
function generatedObjects(count: number): Buffer[] {
  const start = Date.parse("2026-11-01T00:00:00Z");
  return Array.from({ length: count }, (_, i) => {
    const events = 1_000 + ((i * 1_637) % 4_001);
    const text = Array.from(objectChunks("cloudtrail", events * BYTES_PER_EVENT, { accountId: ACCOUNT, seed: i + 1, startTime: start + i * FIVE_MINUTES })).join("");
    return gzipSync(text);
  });
}

function entriesOf(text: string) {
  const parsed = parseList("TXT", text, GUARDDUTY_LIST_LIMITS);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.list.entries;
}

/** The bench's threat lists as a customer list and as managed feeds, as the throughput rows have them. */
function threatLists(): IntelRegistry {
  const lists = indicatorLists(loadIndicators());
  return new IntelRegistry(
    buildThreatIndex({
      accounts: new Map([[ACCOUNT, { trusted: [], threat: [{ id: "custom", name: "custom", entries: entriesOf(lists.maliciousIps) }] }]]),
      feeds: [
        { id: "ipsum", name: "ipsum", category: "MALICIOUS_IP", entries: entriesOf(lists.maliciousIps) },
        { id: "tor", name: "tor", category: "TOR_EXIT", entries: entriesOf(lists.torExits) },
        { id: "mining", name: "mining", category: "CRYPTO_MINING", entries: entriesOf(lists.miningDomains) },
      ],
    }),
  );
}

function baselineEvents(objects: Buffer[]): number {
  let events = 0;
  for (const gzipped of objects) events += (JSON.parse(gunzipSync(gzipped).toString("utf8")) as { Records: unknown[] }).Records.length;
  return events;
}

async function removeKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    await redis.quit();
  }
}

export async function runCloudTrailObjects(count: number, rounds = 2): Promise<CloudTrailObjectsResult> {
  const objects = generatedObjects(count);
  const database = await scratchDatabase(BENCH_POSTGRES_URL);
  const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const queues = { redisUrl, queuePrefix: `{vigil-bench-${randomBytes(4).toString("hex")}}` };
  await migrate(database.url);
  const db = createDatabase(database.url);
  const secretBox = SecretBox.ephemeral();
  const logSources = { secretBox, logsRoot: "/nonexistent", allowPrivateEndpoints: true };
  const services = createServices({ db, operatorToken: randomBytes(24).toString("hex"), pubSub: createLocalPubSub(), logSources });
  const ingest = createIngest(services, { queues, ...logSources, analysis: { intel: threatLists() } });
  try {
    const account = await db.account.create({ data: { accountId: ACCOUNT, name: "bench", email: "bench@example.com" } });
    const detectorId = process.env.BENCH_FINDINGS_DIGEST ? "d".repeat(32) : randomBytes(16).toString("hex");
    await db.detector.create({ data: { id: detectorId, accountId: account.id, status: "ENABLED" } });
    const actor = { kind: "account" as const, accountRowId: account.id, accountId: ACCOUNT, apiKeyId: randomUUID() };
    let sources = 0;
    const readAll = async (subset: Buffer[]) => {
      const created = await services.logSources.create(actor, detectorId, { name: `bench ${sources++}`, kind: "CLOUD_TRAIL", location: "push", pollIntervalSeconds: 60 });
      const source = (await services.ingestion.source(created.id))!;
      let events = 0;
      let findings = 0;
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      for (const [i, gzipped] of subset.entries()) {
        const object = { key: `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/${i}.json.gz`, size: gzipped.length, lastModified: new Date(), open: async () => Readable.from([gzipped]) };
        const result = await ingest.reader.read(source, object);
        if (result.status !== "DONE") throw new Error(`object ${i} was not read: ${JSON.stringify(result)}`);
        events += result.events;
        findings += result.findings;
      }
      const cpu = process.cpuUsage(cpuStart);
      return { events, findings, ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
    };
    await readAll(objects.slice(0, 5)); // warm-up: JIT, geo databases, AWS ranges, connections
    let best = { events: 0, findings: 0, ms: Number.POSITIVE_INFINITY, cpuMs: Number.POSITIVE_INFINITY };
    let baselineMs = Number.POSITIVE_INFINITY;
    let events = 0;
    for (let round = 0; round < rounds; round++) {
      const start = performance.now();
      events = baselineEvents(objects);
      baselineMs = Math.min(baselineMs, performance.now() - start);
      const full = await readAll(objects);
      if (full.ms < best.ms) best = full;
    }
    const baselinePerSecond = (events / baselineMs) * 1000;
    const fullPerSecond = (best.events / best.ms) * 1000;
    const megabytes = objects.reduce((sum, object) => sum + object.length, 0) / 1e6;
    const fullPerCpuSecond = (best.events / best.cpuMs) * 1000;
    return { objects: count, megabytes, events: best.events, findings: best.findings, baselinePerSecond, fullPerSecond, fullPerCpuSecond, ratio: fullPerSecond / baselinePerSecond };
  } finally {
    if (process.env.BENCH_FINDINGS_DIGEST) process.stderr.write(`${await findingsDigest(database.url)}\n`);
    await ingest.close();
    await db.$disconnect();
    await removeKeys(redisUrl, queues.queuePrefix);
    await database.drop();
  }
}

if (require.main === module) {
  runCloudTrailObjects(Number(process.argv[2] ?? 120)).then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
}
