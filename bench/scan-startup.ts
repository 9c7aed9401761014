/**
 * `vigil scan` of one small CloudTrail file as a user runs it: a whole process, start-up included
 * (loading the code, the reference data it needs, reading, printing), against a bare `node` process
 * that does nothing. The median of several runs, so one slow start on a busy machine does not decide it.
 *
 *   node dist/bench/scan-startup.js [RUNS]      (needs the compiled CLI: npm run build)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { PROJECT_ROOT } from "../src/paths.js";
import { objectChunks } from "./generate/objects.js";

export type ScanStartupResult = { events: number; runs: number; medianMs: number; bareNodeMs: number };

const EVENTS = 200;
const BYTES_PER_EVENT = 1_220;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timedRun(args: string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return ms;
}

export function runScanStartup(runs: number): ScanStartupResult {
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-scan-startup-"));
  try {
    const file = path.join(dir, "one.json.gz");
    writeFileSync(file, gzipSync(Array.from(objectChunks("cloudtrail", EVENTS * BYTES_PER_EVENT)).join("")));
    const cli = path.join(PROJECT_ROOT, "bin", "vigil");
    timedRun([cli, "scan", file, "--format", "json"]); // warm-up: the files into the page cache
    const scans = Array.from({ length: runs }, () => timedRun([cli, "scan", file, "--format", "json"]));
    const bare = Array.from({ length: runs }, () => timedRun(["-e", ""]));
    return { events: EVENTS, runs, medianMs: median(scans), bareNodeMs: median(bare) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  process.stdout.write(`${JSON.stringify(runScanStartup(Number(process.argv[2] ?? 7)))}\n`);
}
