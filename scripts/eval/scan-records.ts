/**
 * Labelled records through `vigil scan` itself (runScan), so the evaluation measures the whole offline
 * pipeline (event rules, windowed rules merged across objects, baselines learned in memory) rather
 * than a second copy of it. Each group of records becomes one CloudTrail log object in a temporary
 * folder; `history` groups are read first and only teach the baselines.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Finding } from "../../src/detection/findings/types.js";
import type { GeoLookup } from "../../src/detection/geo/geo-lookup.js";
import { offlineGeoLookup } from "../../src/reference-data/geo.js";
import { runScan } from "../../src/cli/scan/scan.js";
import type { RawRecord } from "./records.js";

function writeObjects(folder: string, objects: RawRecord[][]): void {
  mkdirSync(folder);
  // Zero-padded names: the scan reads a folder in name order, which must be delivery order.
  objects.forEach((records, index) => writeFileSync(path.join(folder, `${String(index).padStart(5, "0")}.json`), JSON.stringify({ Records: records })));
}

// One geo lookup for every scan of the run: each new one reads the databases again (most of a small scan's time).
let geo: GeoLookup | undefined;

export async function scanRecords(objects: RawRecord[][], history: RawRecord[][] = []): Promise<Finding[]> {
  const root = mkdtempSync(path.join(tmpdir(), "vigil-eval-"));
  try {
    writeObjects(path.join(root, "logs"), objects);
    writeObjects(path.join(root, "history"), history);
    const { findings } = await runScan({ paths: [path.join(root, "logs")], baselineFrom: [path.join(root, "history")], threatLists: [], trustedLists: [], feeds: [], geo: (geo ??= offlineGeoLookup()) });
    return findings;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
