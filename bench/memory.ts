/**
 * Peak memory while one large CloudTrail object (default 1 GB uncompressed) goes through the
 * detection path: generated straight into a gzip file, then streamed back through parse, normalize
 * and the whole catalogue. Prints the process's peak RSS (VmHWM), so run it in a process of its own.
 * With --stages, stderr shows where the memory is (RSS, heap used / total, array buffers) after the
 * set-up and every 100 batches.
 *
 *   node dist/bench/memory.js [MB] [--stages]
 */
import { createReadStream, createWriteStream, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { loadAwsRanges } from "../src/reference-data/aws-ranges.js";
import { loadNameReference } from "../src/reference-data/domain-names.js";
import { defaultEngine } from "../src/detection/engine/default-engine.js";
import { DEFAULT_SETTINGS } from "../src/detection/engine/types.js";
import { MemoryWindowStore } from "../src/detection/engine/windows.js";
import { FindingAggregator } from "../src/detection/findings/aggregator.js";
import { offlineGeoLookup } from "../src/reference-data/geo.js";
import { buildThreatIndex } from "../src/detection/intel/threat-index.js";
import { parseLogObject } from "../src/ingest/parsers/index.js";
import { objectChunks } from "./generate/objects.js";

export type MemoryResult = { megabytes: number; events: number; peakRssMb: number; seconds: number };

function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) / 1024 : process.memoryUsage().rss / 1048576;
}

function stage(label: string): void {
  const { rss, heapUsed, heapTotal, arrayBuffers } = process.memoryUsage();
  const mb = (bytes: number) => (bytes / 1048576).toFixed(0);
  process.stderr.write(`${label}: rss ${mb(rss)} MB, heap ${mb(heapUsed)} / ${mb(heapTotal)} MB, array buffers ${mb(arrayBuffers)} MB, peak ${peakRssMb().toFixed(0)} MB\n`);
}

async function main(megabytes: number, stages: boolean): Promise<MemoryResult> {
  const file = path.join(tmpdir(), `vigil-bench-${process.pid}.json.gz`);
  try {
    await pipeline(Readable.from(objectChunks("cloudtrail", megabytes * 1e6)), createGzip({ level: 1 }), createWriteStream(file));
    const engine = defaultEngine();
    const geo = offlineGeoLookup();
    const context = { intel: buildThreatIndex({ accounts: new Map() }), awsRanges: loadAwsRanges(), names: loadNameReference(), geo, settings: DEFAULT_SETTINGS };
    const store = new MemoryWindowStore(engine.windowedRules);
    const aggregator = new FindingAggregator({ detectorId: "0".repeat(32), geo });
    if (stages) stage("set up");
    const start = performance.now();
    const { batches, stats } = parseLogObject(createReadStream(file), { objectKey: file });
    let count = 0;
    for await (const batch of batches) {
      if (stages && ++count % 100 === 0) stage(`${count} batches, ${stats.events} events`);
      const result = engine.detectBatch(batch, context);
      aggregator.add(result.candidates);
      aggregator.add(engine.decideWindows(store.merge(result.windowPartials), context));
    }
    return { megabytes, events: stats.events, peakRssMb: peakRssMb(), seconds: (performance.now() - start) / 1000 };
  } finally {
    rmSync(file, { force: true });
  }
}

if (require.main === module) {
  const megabytes = process.argv.slice(2).find((arg) => /^\d+$/.test(arg));
  main(Number(megabytes ?? 1000), process.argv.includes("--stages")).then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
}
