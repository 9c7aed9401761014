/**
 * Throughput of the detection path per log kind, against the cheapest possible read of the same
 * bytes: CloudTrail against gunzip + JSON.parse of the whole object, flow and DNS logs against
 * gunzip + splitting into lines. The full path is what a process job does minus the database write:
 * stream, gunzip, parse, normalize, the whole rule catalogue with threat lists loaded, window merge
 * and finding aggregation.
 *
 *   npx tsx bench/throughput.ts [cloudtrail|flow|dns] [MB]     (run it pinned: taskset -c 0 …)
 */
import { Readable } from "node:stream";
import { gunzipSync, gzipSync } from "node:zlib";
import { loadAwsRanges } from "../src/reference-data/aws-ranges.js";
import { loadNameReference } from "../src/reference-data/domain-names.js";
import { defaultEngine } from "../src/detection/engine/default-engine.js";
import { DEFAULT_SETTINGS, type DetectionContext } from "../src/detection/engine/types.js";
import { MemoryWindowStore, type MemoryWindowStoreOptions } from "../src/detection/engine/windows.js";
import { FindingAggregator } from "../src/detection/findings/aggregator.js";
import { offlineGeoLookup } from "../src/reference-data/geo.js";
import { buildThreatIndex } from "../src/detection/intel/threat-index.js";
import { parseList } from "../src/detection/intel/formats/parse-list.js";
import { GUARDDUTY_LIST_LIMITS } from "../src/detection/intel/formats/types.js";
import { parseLogObject } from "../src/ingest/parsers/index.js";
import { indicatorLists, loadIndicators } from "./generate/indicators.js";
import { type GeneratedKind, objectChunks } from "./generate/objects.js";

export type ThroughputResult = {
  kind: GeneratedKind;
  megabytes: number;
  events: number;
  findings: number;
  baselinePerSecond: number;
  fullPerSecond: number;
  ratio: number;
  /** The same per second of the process's CPU time (user + system): steadier than the clock on a shared machine. */
  baselinePerCpuSecond: number;
  fullPerCpuSecond: number;
  cpuRatio: number;
};

const ACCOUNT = "123456789012";

function entriesOf(text: string) {
  const parsed = parseList("TXT", text, GUARDDUTY_LIST_LIMITS);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.list.entries;
}

/** The context a worker has: the bench's threat lists as a customer list and as managed feeds. */
export function detectionContext(): DetectionContext {
  const lists = indicatorLists(loadIndicators());
  const intel = buildThreatIndex({
    accounts: new Map([[ACCOUNT, { trusted: [], threat: [{ id: "custom", name: "custom", entries: entriesOf(lists.maliciousIps) }] }]]),
    feeds: [
      { id: "ipsum", name: "ipsum", category: "MALICIOUS_IP", entries: entriesOf(lists.maliciousIps) },
      { id: "tor", name: "tor", category: "TOR_EXIT", entries: entriesOf(lists.torExits) },
      { id: "mining", name: "mining", category: "CRYPTO_MINING", entries: entriesOf(lists.miningDomains) },
    ],
  });
  return { intel, awsRanges: loadAwsRanges(), names: loadNameReference(), geo: offlineGeoLookup(), settings: DEFAULT_SETTINGS };
}

function baselineCount(kind: GeneratedKind, gzipped: Buffer): number {
  const text = gunzipSync(gzipped).toString("utf8");
  if (kind === "cloudtrail") return (JSON.parse(text) as { Records: unknown[] }).Records.length;
  return text.split("\n").filter((line) => line.length > 0).length - (kind === "flow" ? 1 : 0);
}

export async function fullPath(gzipped: Buffer, context: DetectionContext, engine = defaultEngine(), windows: MemoryWindowStoreOptions = {}): Promise<{ events: number; findings: number }> {
  const store = new MemoryWindowStore(engine.windowedRules, windows);
  const aggregator = new FindingAggregator({ detectorId: "0".repeat(32), geo: context.geo });
  const { batches, stats } = parseLogObject(Readable.from([gzipped]), { objectKey: "bench-object" });
  for await (const batch of batches) {
    const result = engine.detectBatch(batch, context);
    aggregator.add(result.candidates);
    aggregator.add(engine.decideWindows(store.merge(result.windowPartials), context));
  }
  return { events: stats.events, findings: aggregator.list().length };
}

function best(times: number[]): number {
  return Math.min(...times);
}

/** Wall-clock and CPU milliseconds of `run`. */
export async function timed<T>(run: () => T | Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await run();
  const ms = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (user + system) / 1000 };
}

export async function runThroughput(kind: GeneratedKind, megabytes: number, rounds = 3): Promise<ThroughputResult> {
  const text = Array.from(objectChunks(kind, megabytes * 1e6, { accountId: ACCOUNT })).join("");
  const gzipped = gzipSync(text);
  const context = detectionContext();
  await fullPath(gzipped, context); // warm-up: JIT, geo databases, AWS ranges

  const baseline: number[] = [];
  const baselineCpu: number[] = [];
  const full: number[] = [];
  const fullCpu: number[] = [];
  let events = 0;
  let findings = 0;
  let baselineEvents = 0;
  for (let round = 0; round < rounds; round++) {
    const read = await timed(() => baselineCount(kind, gzipped));
    baselineEvents = read.value;
    baseline.push(read.ms);
    baselineCpu.push(read.cpuMs);
    const detected = await timed(() => fullPath(gzipped, context));
    ({ events, findings } = detected.value);
    full.push(detected.ms);
    fullCpu.push(detected.cpuMs);
  }
  const baselinePerSecond = (baselineEvents / best(baseline)) * 1000;
  const fullPerSecond = (events / best(full)) * 1000;
  const baselinePerCpuSecond = (baselineEvents / best(baselineCpu)) * 1000;
  const fullPerCpuSecond = (events / best(fullCpu)) * 1000;
  return {
    kind,
    megabytes,
    events,
    findings,
    baselinePerSecond,
    fullPerSecond,
    ratio: fullPerSecond / baselinePerSecond,
    baselinePerCpuSecond,
    fullPerCpuSecond,
    cpuRatio: fullPerCpuSecond / baselinePerCpuSecond,
  };
}

if (require.main === module) {
  const [kind = "cloudtrail", megabytes = "50"] = process.argv.slice(2);
  runThroughput(kind as GeneratedKind, Number(megabytes)).then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
}
