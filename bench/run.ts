/**
 * `npm run bench [-- --quick]`: every measurement of Vigil's speed in one run, each beside its
 * baseline, printed as a table and written to BENCHMARKS.md with the date and the machine.
 * Each measurement runs in a process of its own (pinned to one core where `taskset` exists), so
 * one cannot warm up or disturb the next, and "per core" means one core. The end-to-end and query
 * measurements need PostgreSQL and Redis (TEST_POSTGRES_URL / TEST_REDIS_URL, local ones by default).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../src/paths.js";
import { renderReport, type Measurement } from "./report.js";

type Plan = {
  cloudtrailObjects: number;
  scanRuns: number;
  throughputMb: { cloudtrail: number; flow: number; dns: number };
  memoryMb: number;
  intelEntries: number;
  findings: number;
  latency: { seconds: number; filesPerSecond: number; eventsPerFile: number };
  scalingObjects: number;
  /** Firehose: seconds of traffic at 20,000 events/s, then at a rate one worker keeps up with. */
  firehose: { seconds: number; sustainedEventsPerSecond: number };
};

const FULL: Plan = {
  cloudtrailObjects: 120,
  scanRuns: 7,
  throughputMb: { cloudtrail: 100, flow: 200, dns: 100 },
  memoryMb: 1000,
  intelEntries: 250_000,
  findings: 1_000_000,
  latency: { seconds: 30, filesPerSecond: 10, eventsPerFile: 2_000 },
  scalingObjects: 120,
  firehose: { seconds: 20, sustainedEventsPerSecond: 1_000 },
};
const QUICK: Plan = {
  cloudtrailObjects: 12,
  scanRuns: 3,
  throughputMb: { cloudtrail: 15, flow: 30, dns: 15 },
  memoryMb: 150,
  intelEntries: 250_000,
  findings: 100_000,
  latency: { seconds: 10, filesPerSecond: 2, eventsPerFile: 1_000 },
  scalingObjects: 20,
  firehose: { seconds: 5, sustainedEventsPerSecond: 1_000 },
};

const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

/** Runs one compiled bench script in a fresh process and returns the JSON line it prints. */
function runScript<T>(script: string, args: string[], pinned = true): T {
  const file = path.join(PROJECT_ROOT, "dist", "bench", script);
  const [command, commandArgs] = pinned && hasTaskset ? ["taskset", ["-c", "0", process.execPath, file, ...args]] : [process.execPath, [file, ...args]];
  const output = execFileSync(command, commandArgs, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] });
  const line = output.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as T;
}

/** The file's "## " sections (measurements of single changes, the soak) outlive a new full run. */
function earlierSections(file: string): string {
  if (!existsSync(file)) return "";
  const text = readFileSync(file, "utf8");
  const start = text.search(/^## /m);
  return start < 0 ? "" : `\n${text.slice(start)}`;
}

function commit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: PROJECT_ROOT, encoding: "utf8" }).trim();
  } catch {
    return "an unknown commit";
  }
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const plan = quick ? QUICK : FULL;
  // Read first: the checkout may move on while the benchmarks run.
  const measuredCommit = commit();
  const measurements: Measurement[] = [];
  const step = (name: string) => process.stderr.write(`bench: ${name}…\n`);

  step(`CloudTrail, ${plan.cloudtrailObjects} realistic objects through the process-job path`);
  measurements.push({ kind: "cloudtrailObjects", result: runScript("cloudtrail-objects.js", [String(plan.cloudtrailObjects)]) });
  step("vigil scan start-up");
  measurements.push({ kind: "scanStartup", result: runScript("scan-startup.js", [String(plan.scanRuns)]) });
  for (const kind of ["cloudtrail", "flow", "dns"] as const) {
    step(`${kind} throughput`);
    measurements.push({ kind: "throughput", result: runScript("throughput.js", [kind, String(plan.throughputMb[kind])]) });
  }
  step("threat index");
  measurements.push({ kind: "intel", result: runScript("intel-entry.js", [String(plan.intelEntries)]) });
  step("memory of one large CloudTrail object");
  measurements.push({ kind: "memory", result: runScript("memory.js", [String(plan.memoryMb)], false) });
  step(`end-to-end latency (API and worker processes, ${plan.latency.filesPerSecond * plan.latency.eventsPerFile} events/s)`);
  const latency = plan.latency;
  measurements.push({
    kind: "latency",
    result: runScript("findings-latency.js", ["--seconds", String(latency.seconds), "--files-per-second", String(latency.filesPerSecond), "--events-per-file", String(latency.eventsPerFile)], false),
  });
  for (const eventsPerSecond of [20_000, plan.firehose.sustainedEventsPerSecond]) {
    step(`Firehose receiver at ${eventsPerSecond} events/s (API and worker processes)`);
    measurements.push({ kind: "firehose", result: runScript("firehose.js", ["--events-per-second", String(eventsPerSecond), "--seconds", String(plan.firehose.seconds)], false) });
  }
  step(`throughput with 1 and 2 worker processes (${plan.scalingObjects} CloudTrail objects)`);
  measurements.push({ kind: "scaling", result: runScript("worker-scaling.js", ["--objects", String(plan.scalingObjects)], false) });
  step(`findings queries over ${plan.findings.toLocaleString("en-US")} findings`);
  measurements.push({ kind: "findingsQuery", result: runScript("findings-query.js", ["--findings", String(plan.findings)], false) });

  const report = renderReport(measurements, { date: new Date().toISOString().slice(0, 10), machine: machine(), commit: measuredCommit, quick, pinned: hasTaskset });
  process.stdout.write(`${report.table}\n`);
  const benchmarksFile = path.join(PROJECT_ROOT, "BENCHMARKS.md");
  writeFileSync(benchmarksFile, report.markdown + earlierSections(benchmarksFile));
  process.stderr.write("bench: written to BENCHMARKS.md\n");
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
