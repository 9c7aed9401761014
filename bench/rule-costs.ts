/**
 * Where the full path's time goes for one log kind: the same object run with parsing alone, the
 * event rules alone, each windowed rule alone and everything, and everything again with windows
 * that end after every batch (what keeping window state across batches costs). CPU milliseconds of
 * the process (user + system), steadier than the clock on a shared machine.
 *
 *   npx tsx bench/rule-costs.ts [flow|dns|cloudtrail] [MB]     (run it pinned: taskset -c 0 …)
 */
import { gzipSync } from "node:zlib";
import { createEngine } from "../src/detection/engine/engine.js";
import type { EventRule, WindowedRule } from "../src/detection/engine/types.js";
import { EVENT_RULES, WINDOWED_RULES } from "../src/detection/rules/index.js";
import { type GeneratedKind, objectChunks } from "./generate/objects.js";
import { detectionContext, fullPath, timed } from "./throughput.js";

type Variant = { name: string; eventRules: readonly EventRule[]; windowedRules: readonly WindowedRule[]; lateArrivalMs?: number };

/** A late arrival far below zero ends every window as soon as a batch has been merged into it. */
const NO_RETENTION = -1e15;

function variants(kind: GeneratedKind): Variant[] {
  const eventRules = EVENT_RULES.filter((rule) => rule.kind === kind);
  const windowedRules = WINDOWED_RULES.filter((rule) => rule.kind === kind);
  return [
    { name: "parse only", eventRules: [], windowedRules: [] },
    { name: "event rules", eventRules, windowedRules: [] },
    ...windowedRules.map((rule) => ({ name: rule.id, eventRules: [], windowedRules: [rule] })),
    { name: "all", eventRules, windowedRules },
    { name: "all, windows not kept", eventRules, windowedRules, lateArrivalMs: NO_RETENTION },
  ];
}

async function main(kind: GeneratedKind, megabytes: number): Promise<void> {
  const gzipped = gzipSync(Array.from(objectChunks(kind, megabytes * 1e6, { accountId: "123456789012" })).join(""));
  const context = detectionContext();
  const list = variants(kind);
  for (let round = 0; round < 2; round++) {
    for (const variant of list) {
      const engine = createEngine(variant.eventRules, variant.windowedRules);
      const run = await timed(() => fullPath(gzipped, context, engine, { lateArrivalMs: variant.lateArrivalMs }));
      // The first round warms up (JIT, geo databases, name models); the second is printed.
      if (round === 1) {
        const perCpuSecond = Math.round((run.value.events / run.cpuMs) * 1000);
        process.stdout.write(`${variant.name.padEnd(24)} ${run.cpuMs.toFixed(0).padStart(6)} ms CPU  ${String(perCpuSecond).padStart(9)} events/CPU-s  ${run.value.findings} findings\n`);
      }
    }
  }
}

const [kind = "flow", megabytes = "20"] = process.argv.slice(2);
void main(kind as GeneratedKind, Number(megabytes));
