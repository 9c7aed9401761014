/**
 * Stratus Red Team detonations: every event of a technique's file belongs to the attack; labels.json
 * maps the technique to the GuardDuty type expected. Techniques mapped to a rule or list type must
 * yield it; those mapped to a model type (AnomalousBehavior, ConsoleLoginSuccess.B) are shown with
 * whatever rules raised on them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { CatalogueEntry } from "../../src/detection/catalogue.js";
import type { DetectionEngine } from "../../src/detection/engine/engine.js";
import type { DetectionContext } from "../../src/detection/engine/types.js";
import { parseRecords, typesRaised, type RawRecord } from "./records.js";
import { Tallies } from "./tally.js";

type Label = { technique_id: string; guardduty_expected: string | null; event_count: number };

export function readLabels(folder: string): Label[] {
  return JSON.parse(readFileSync(path.join(folder, "labels.json"), "utf8")) as Label[];
}

export function readDetonation(folder: string, technique: string): RawRecord[] {
  return JSON.parse(gunzipSync(readFileSync(path.join(folder, "detonations", `${technique}.json.gz`))).toString("utf8")) as RawRecord[];
}

export function readStratusRecords(dataDir: string): RawRecord[] {
  const folder = path.join(dataDir, "stratus-red-team-detonations");
  return readLabels(folder).flatMap((label) => readDetonation(folder, label.technique_id));
}

export type StratusRow = { technique: string; expected: string; method: string; events: number; yielded: string; otherTypes: string[] };

export type StratusResult = { tallies: Tallies; rows: StratusRow[]; ruleTechniques: number; ruleTechniquesYielded: number };

export async function evaluateStratus(
  dataDir: string,
  engine: DetectionEngine,
  context: DetectionContext,
  catalogue: ReadonlyMap<string, CatalogueEntry>,
): Promise<StratusResult> {
  const folder = path.join(dataDir, "stratus-red-team-detonations");
  const labels = readLabels(folder);
  const result: StratusResult = { tallies: new Tallies(), rows: [], ruleTechniques: 0, ruleTechniquesYielded: 0 };
  for (const label of labels) {
    const { events } = await parseRecords(readDetonation(folder, label.technique_id), `stratus/${label.technique_id}`);
    const raised = typesRaised(engine, events, context);
    const expected = label.guardduty_expected;
    const entry = expected ? catalogue.get(expected) : undefined;
    // Baseline types need a learned history first: stratus-baselines.ts evaluates them.
    const byRule = entry?.status === "implemented" && entry.method !== "ML" && entry.method !== "ML (geo)";
    let yielded = "–";
    if (expected && byRule) {
      result.ruleTechniques++;
      const found = raised.has(expected);
      if (found) result.ruleTechniquesYielded++;
      result.tallies.positive(expected, found);
      yielded = found ? "yes" : "no";
    } else if (expected) {
      yielded = "see baselines";
    }
    result.rows.push({
      technique: label.technique_id,
      expected: expected ?? "(none)",
      method: entry?.method ?? "–",
      events: events.length,
      yielded,
      otherTypes: [...raised].filter((type) => type !== expected),
    });
  }
  return result;
}
