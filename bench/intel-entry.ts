// The threat-index measurement as one JSON line, for bench/run.ts.
import { runIntelBench } from "./intel.js";

process.stdout.write(`${JSON.stringify(runIntelBench({ entries: Number(process.argv[2] ?? 250_000) }))}\n`);
