/**
 * `vigil scan`: the detection pipeline without a database or Redis. Each file is streamed through the
 * log parsers, every batch through the same engine and catalogue as the workers, windowed rules'
 * partials are merged in memory across all files, and findings are aggregated in memory.
 */
import { createReadStream } from "node:fs";
import { createHash } from "node:crypto";
import { loadAwsRanges } from "../detection/aws-ranges/load.js";
import { defaultEngine } from "../detection/engine/default-engine.js";
import type { DetectionEngine } from "../detection/engine/engine.js";
import { DEFAULT_SETTINGS, type DetectionContext, type DetectorSettings } from "../detection/engine/types.js";
import { MemoryWindowStore } from "../detection/engine/windows.js";
import { FindingAggregator } from "../detection/findings/aggregator.js";
import type { Finding } from "../detection/findings/types.js";
import { OfflineGeoLookup, type GeoLookup } from "../detection/geo/geo-lookup.js";
import { LogObjectError, parseLogObject } from "../ingest/parsers/index.js";
import { loadListFiles, type ListFiles } from "./list-files.js";
import { listLogFiles, type LogFile } from "./log-files.js";
import { ScanError } from "./scan-error.js";

/** A scan's findings need a detector id for their ids and ARNs; this one is fixed so reruns agree. */
export const SCAN_DETECTOR_ID = createHash("sha256").update("vigil scan").digest("hex").slice(0, 32);

export type ScanOptions = ListFiles & {
  paths: readonly string[];
  awsRangesFile?: string;
  settings?: Partial<DetectorSettings>;
  engine?: DetectionEngine;
  geo?: GeoLookup;
  /** Problems that do not stop the scan (a file in a folder that is not a log), one line each. */
  warn?: (message: string) => void;
};

export type ScanStats = { files: number; logFiles: number; events: number; brokenRecords: number; skippedFiles: number };

export type ScanResult = { findings: Finding[]; stats: ScanStats };

async function scanFile(
  file: LogFile,
  engine: DetectionEngine,
  context: DetectionContext,
  store: MemoryWindowStore,
  aggregator: FindingAggregator,
  stats: ScanStats,
  warn: (message: string) => void,
): Promise<void> {
  const { batches, stats: parse } = parseLogObject(createReadStream(file.path), { objectKey: file.path });
  try {
    for await (const batch of batches) {
      const result = engine.detectBatch(batch, context);
      aggregator.add(result.candidates);
      aggregator.add(engine.decideWindows(store.merge(result.windowPartials), context));
    }
  } catch (error) {
    // A file found in a folder may be anything (a README, a digest); one named on the command line was meant to be a log.
    if (error instanceof LogObjectError && !file.named) {
      warn(`skipped ${file.path}: ${error.reason}`);
      stats.skippedFiles++;
      return;
    }
    if (error instanceof LogObjectError || (error as NodeJS.ErrnoException).code !== undefined) {
      throw new ScanError(`cannot read ${file.path}: ${error instanceof LogObjectError ? error.reason : (error as Error).message}`);
    }
    throw error;
  }
  stats.events += parse.events;
  stats.brokenRecords += parse.broken;
  if (parse.skipped) stats.skippedFiles++;
  else stats.logFiles++;
  for (const problem of parse.errors) warn(`${file.path}${problem.line ? `:${problem.line}` : ""}: ${problem.message}`);
}

export async function runScan(options: ScanOptions): Promise<ScanResult> {
  const files = listLogFiles(options.paths);
  const engine = options.engine ?? defaultEngine();
  const geo = options.geo ?? new OfflineGeoLookup();
  const context: DetectionContext = {
    intel: loadListFiles(options),
    awsRanges: loadAwsRanges(options.awsRangesFile),
    geo,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
  };
  const store = new MemoryWindowStore(engine.windowedRules);
  const aggregator = new FindingAggregator({ detectorId: SCAN_DETECTOR_ID, geo });
  const stats: ScanStats = { files: files.length, logFiles: 0, events: 0, brokenRecords: 0, skippedFiles: 0 };
  const warn = options.warn ?? (() => undefined);
  for (const file of files) await scanFile(file, engine, context, store, aggregator, stats, warn);
  return { findings: aggregator.list(), stats };
}
