/**
 * `vigil scan`: the detection pipeline without a database or Redis. Each file is streamed through the
 * log parsers, every batch through the same engine and catalogue as the workers, windowed rules'
 * partials are merged in memory across all files, and findings are aggregated in memory. Behaviour
 * baselines are learned in memory as the files are read (event time decides the learning period);
 * `baselineFrom` files are read first and only teach baselines, so older logs can give the scanned
 * ones a history. Attack sequences are followed across every file in memory, from every batch's
 * candidates and events, as the pipeline follows them in Redis. `rules` adds Sigma rule files beside
 * the managed rules.
 */
import { createReadStream } from "node:fs";
import { createHash } from "node:crypto";
import { loadAwsRanges } from "../../reference-data/aws-ranges.js";
import { loadNameReference } from "../../reference-data/domain-names.js";
import { createBaselineEngine, type BaselineEngine } from "../../detection/baselines/engine.js";
import type { BaselineContext } from "../../detection/baselines/model.js";
import { baselineSettings, type BaselineSettings } from "../../detection/baselines/state/settings.js";
import { MemoryBaselineStore } from "../../detection/baselines/state/store.js";
import { defaultEngine } from "../../detection/engine/default-engine.js";
import { createEngine, type DetectionEngine } from "../../detection/engine/engine.js";
import { sigmaRuleSet } from "../../detection/custom/sigma/rule-set.js";
import { DEFAULT_SETTINGS, type DetectorSettings } from "../../detection/engine/types.js";
import type { VigilEvent } from "../../detection/events.js";
import { LocalWindowStore } from "../../detection/state/local-window-store.js";
import { detectWindows } from "../../detection/state/window-detection.js";
import { FindingAggregator } from "../../detection/findings/aggregator.js";
import { collectSignals } from "../../detection/sequences/collect.js";
import { sequencesOf } from "../../detection/sequences/detect-sequences.js";
import type { Signal } from "../../detection/sequences/signal.js";
import { linkSequenceMembers } from "../../detection/sequences/link-members.js";
import { sequenceSettings, type SequenceSettings } from "../../detection/sequences/settings.js";
import { MemorySequenceStore } from "../../detection/sequences/store.js";
import type { Finding } from "../../detection/findings/types.js";
import type { GeoLookup } from "../../detection/geo/geo-lookup.js";
import { offlineGeoLookup } from "../../reference-data/geo.js";
import { LogObjectError, parseLogObject } from "../../ingest/parsers/index.js";
import { ObjectInventoryChanges } from "../../ingest/process/inventory-changes.js";
import { applyChanges } from "../../detection/inventory/apply-changes.js";
import { describedFinding } from "../../detection/inventory/instance-details.js";
import { loadListFiles, type ListFiles } from "./list-files.js";
import { listLogFiles, type LogFile } from "./log-files.js";
import { ScanError } from "./scan-error.js";

/** A scan's findings need a detector id for their ids and ARNs; this one is fixed so reruns agree. */
export const SCAN_DETECTOR_ID = createHash("sha256").update("vigil scan").digest("hex").slice(0, 32);

export type ScanOptions = ListFiles & {
  paths: readonly string[];
  awsRangesFile?: string;
  settings?: Partial<DetectorSettings>;
  /** Logs read before `paths` only to learn behaviour baselines (no findings from them). */
  baselineFrom?: readonly string[];
  baseline?: Partial<BaselineSettings>;
  sequences?: Partial<SequenceSettings>;
  engine?: DetectionEngine;
  /** Sigma rule files or folders run beside the engine's rules; a file that does not compile is warned about and left out. */
  rules?: readonly string[];
  geo?: GeoLookup;
  /** Problems that do not stop the scan (a file in a folder that is not a log), one line each. */
  warn?: (message: string) => void;
};

export type ScanStats = {
  files: number;
  logFiles: number;
  events: number;
  brokenRecords: number;
  skippedFiles: number;
  /** Files and events read with --baseline-from, to learn from only. */
  baselineFiles: number;
  baselineEvents: number;
  /** Sigma rule files compiled and run, and those refused. */
  customRules: number;
  refusedRules: number;
};

export type ScanResult = { findings: Finding[]; stats: ScanStats };

type ScanPipeline = {
  engine: DetectionEngine;
  baselines: BaselineEngine;
  context: BaselineContext;
  windows: LocalWindowStore;
  baselineStore: MemoryBaselineStore;
  sequenceStore: MemorySequenceStore;
  sequenceSettings: SequenceSettings;
  /** The attack-sequence signals of the file being read: its stories are decided once it is read. */
  signals: Signal[];
  aggregator: FindingAggregator;
  /** The EC2 inventory changes of every file read (history included), applied once all are read. */
  inventory: ObjectInventoryChanges;
  stats: ScanStats;
  warn: (message: string) => void;
};

async function detect(batch: VigilEvent[], learnId: string, pipeline: ScanPipeline): Promise<void> {
  const { engine, baselines, context } = pipeline;
  const result = engine.detectBatch(batch, context);
  const plan = baselines.observe(batch, context);
  const candidates = baselines.decide(plan, await pipeline.baselineStore.read(plan.reads), context, result.candidates);
  // A window raises its finding in the batch that crosses its threshold, not again in every later one.
  candidates.push(...(await detectWindows(engine, pipeline.windows, result.windowPartials, learnId, context)));
  pipeline.signals.push(...collectSignals(batch, candidates, pipeline.sequenceSettings));
  pipeline.aggregator.add(candidates);
  await pipeline.baselineStore.learn(plan.learning, learnId);
}

/** As the workers do at an object's end: the file is one contribution to the stories. */
async function raiseSequences(file: LogFile, pipeline: ScanPipeline): Promise<void> {
  const signals = pipeline.signals.splice(0);
  pipeline.aggregator.add(await sequencesOf(pipeline.sequenceStore, signals, file.path, { detectorId: SCAN_DETECTOR_ID, settings: pipeline.sequenceSettings }));
}

async function learnOnly(batch: VigilEvent[], learnId: string, pipeline: ScanPipeline): Promise<void> {
  await pipeline.baselineStore.learn(pipeline.baselines.observe(batch, pipeline.context).learning, learnId);
}

async function scanFile(file: LogFile, pipeline: ScanPipeline, handle: typeof detect): Promise<void> {
  const { stats, warn } = pipeline;
  const { batches, stats: parse } = parseLogObject(createReadStream(file.path), { objectKey: file.path });
  try {
    let index = 0;
    for await (const batch of batches) {
      pipeline.inventory.observe(SCAN_DETECTOR_ID, batch);
      await handle(batch, `${file.path}#${index++}`, pipeline);
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

/** The findings with their instances described from the inventory the scanned CloudTrail builds, as the workers describe them. */
function describedByInventory(findings: Finding[], inventory: ObjectInventoryChanges): Finding[] {
  const changes = inventory.byDetector.get(SCAN_DETECTOR_ID);
  if (!changes) return findings;
  const { written, groupNames } = applyChanges([], changes);
  const snapshot = { records: written, groupNames: new Map(groupNames.map((group) => [group.groupId, group.groupName])) };
  return findings.map((finding) => describedFinding(finding, snapshot));
}

/**
 * The engine's rules plus the compiled rule files, with how many compiled and how many were refused.
 * Sigma's compiler (a YAML parser, RE2) is loaded only for a scan that names rule files.
 */
async function withRuleFiles(engine: DetectionEngine, paths: readonly string[], warn: (message: string) => void): Promise<{ engine: DetectionEngine; rules: number; refused: number }> {
  if (paths.length === 0) return { engine, rules: 0, refused: 0 };
  const { loadRuleFiles } = await import("./rule-files.js");
  const ruleFiles = loadRuleFiles(paths);
  for (const refused of ruleFiles.refused) warn(`rule ${refused.file} left out: ${refused.reason}`);
  const counts = { rules: ruleFiles.rules.length, refused: ruleFiles.refused.length };
  if (ruleFiles.rules.length === 0) return { engine, ...counts };
  const custom = sigmaRuleSet(ruleFiles.rules);
  return { engine: createEngine([...engine.eventRules, ...custom.eventRules], [...engine.windowedRules, ...custom.windowedRules]), ...counts };
}

export async function runScan(options: ScanOptions): Promise<ScanResult> {
  const files = listLogFiles(options.paths);
  const history = listLogFiles(options.baselineFrom ?? []);
  const warn = options.warn ?? (() => undefined);
  const { engine, rules: customRules, refused: refusedRules } = await withRuleFiles(options.engine ?? defaultEngine(), options.rules ?? [], warn);
  const geo = options.geo ?? offlineGeoLookup();
  const baseline = baselineSettings(options.baseline);
  const sequences = sequenceSettings(options.sequences);
  const context: BaselineContext = {
    intel: await loadListFiles(options),
    awsRanges: loadAwsRanges(options.awsRangesFile),
    names: loadNameReference(),
    geo,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    baseline,
  };
  const stats: ScanStats = {
    files: files.length,
    logFiles: 0,
    events: 0,
    brokenRecords: 0,
    skippedFiles: 0,
    baselineFiles: history.length,
    baselineEvents: 0,
    customRules,
    refusedRules,
  };
  const pipeline: ScanPipeline = {
    engine,
    baselines: createBaselineEngine(),
    context,
    windows: new LocalWindowStore(engine.windowedRules),
    baselineStore: new MemoryBaselineStore(baseline),
    sequenceStore: new MemorySequenceStore(sequences),
    sequenceSettings: sequences,
    signals: [],
    aggregator: new FindingAggregator({ detectorId: SCAN_DETECTOR_ID, geo }),
    inventory: new ObjectInventoryChanges(),
    stats,
    warn,
  };
  const historyStats: ScanStats = { ...stats };
  for (const file of history) await scanFile(file, { ...pipeline, stats: historyStats }, learnOnly);
  stats.baselineEvents = historyStats.events;
  for (const file of files) {
    await scanFile(file, pipeline, detect);
    await raiseSequences(file, pipeline);
  }
  const findings = describedByInventory(pipeline.aggregator.list(), pipeline.inventory);
  linkSequenceMembers(findings);
  return { findings, stats };
}
