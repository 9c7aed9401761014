/**
 * Each Stratus detonation through `vigil scan` on its own, twice: cold (no history at all, as a new
 * install) and primed (after a 14-day benign history for the detonation's identities). A technique
 * is found when a finding's source events include the technique's events.
 */
import path from "node:path";
import type { CloudTrailEvent } from "../../src/detection/events.js";
import type { Finding } from "../../src/detection/findings/types.js";
import { typesByTechnique } from "./attribution.js";
import { heldOutIds, splitOf, type Split } from "./holdout.js";
import { parseRecords, type RawRecord } from "./records.js";
import { scanRecords } from "./scan-records.js";
import { benignHistory, benignRecords, detonationIdentities, type BenignRecords } from "./stratus-baselines.js";
import { readDetonation, readLabels } from "./stratus.js";

export type Detonation = { technique: string; records: RawRecord[] };

export function readDetonations(dataDir: string): Detonation[] {
  const folder = path.join(dataDir, "stratus-red-team-detonations");
  return readLabels(folder).map((label) => ({ technique: label.technique_id, records: readDetonation(folder, label.technique_id) }));
}

/** The 14-day benign history of the detonations' identities, as one log object per day, before `start`. */
export async function primingHistory(records: RawRecord[], benign: BenignRecords): Promise<RawRecord[][]> {
  const { events } = await parseRecords(records, "priming");
  const attack = events as CloudTrailEvent[];
  const start = Math.min(...attack.map((event) => event.time));
  return benignHistory(detonationIdentities(records, attack), attack[0].accountId, start, benign.routine);
}

export type TechniqueRow = { technique: string; split: Split; cold: string[]; primed: string[] };

export type StratusColdResult = { rows: TechniqueRow[] };

export async function evaluateStratusCold(dataDir: string): Promise<StratusColdResult> {
  const detonations = readDetonations(dataDir);
  const heldOut = heldOutIds(detonations.map((d) => d.technique));
  const benign = benignRecords(dataDir);
  const result: StratusColdResult = { rows: [] };
  for (const { technique, records } of detonations) {
    const ids = new Map([[technique, new Set(records.map((r) => r.eventID as string))]]);
    const cold = await scanRecords([records]);
    const primed = await scanRecords([records], await primingHistory(records, benign));
    const typesOf = (findings: Finding[]) => [...typesByTechnique(findings, ids).get(technique)!].sort();
    result.rows.push({ technique, split: splitOf(technique, heldOut), cold: typesOf(cold), primed: typesOf(primed) });
  }
  return result;
}
