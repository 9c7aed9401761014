/**
 * The DGA model on the shared data: maltrail's DGA family lists (positives) against the benign
 * popular domains of the tunnelling dataset (negatives). No list here trains the model (it learns
 * from the shipped organization words); the families only pick the threshold, and leave-one-family-
 * out shows how a family the threshold never saw fares: for each family, the threshold is tuned on
 * all the others and half of the benign names, then measured on that family and the other half.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { dgaScore } from "../../src/detection/rules/anomaly/dga-domain-request/name-score.js";
import { loadNameReference } from "../../src/reference-data/domain-names.js";

export type DgaFamilyResult = { family: string; domains: number; scored: number; threshold: number; recallLeftOut: number; recallDefault: number };

export type DgaResult = {
  families: DgaFamilyResult[];
  benign: number;
  /** Share of benign names at or above the default threshold. */
  benignFlaggedDefault: number;
  benignFlaggedLeftOut: number;
};

function csvRows(text: string): string[][] {
  return text.split(/\r?\n/).filter(Boolean).map((line) => line.split(","));
}

export function readDgaFamilies(dataDir: string): Map<string, string[]> {
  const text = gunzipSync(readFileSync(path.join(dataDir, "threat-intel", "maltrail", "malware_family_indicators.csv.gz"))).toString("utf8");
  const families = new Map<string, string[]>();
  for (const [indicator, type, family, category] of csvRows(text).slice(1)) {
    if (category !== "dga-malware-family" || type !== "domain") continue;
    families.set(family, [...(families.get(family) ?? []), indicator.toLowerCase()]);
  }
  return families;
}

export function readBenignDomains(dataDir: string): string[] {
  const rows = csvRows(readFileSync(path.join(dataDir, "dns-tunneling-queries", "dns_tunneling_queries.csv"), "latin1"));
  return rows.filter((row) => row[row.length - 1] === "plain").map((row) => row[0].toLowerCase());
}

/**
 * Benign names a resolver sees per generated one, for tuning: real traffic is overwhelmingly benign,
 * so a threshold must pay for each false alarm far more than it gains from one more DGA name.
 */
export const BENIGN_PER_GENERATED = 20;

/**
 * The threshold that maximizes F1 when benign names are BENIGN_PER_GENERATED times as common as
 * generated ones; each family weighs the same, whatever the size of its list.
 */
export function tuneDgaThreshold(families: number[][], benign: number[]): number {
  const candidates = [...new Set([...families.flat(), ...benign].map((score) => Math.round(score * 2) / 2))].sort((a, b) => a - b);
  let best = { threshold: candidates[0] ?? 0, f1: -1 };
  for (const threshold of candidates) {
    const recall = families.reduce((sum, scores) => sum + scores.filter((s) => s >= threshold).length / scores.length, 0) / families.length;
    const falseRate = benign.filter((s) => s >= threshold).length / benign.length;
    const precision = recall + falseRate === 0 ? 0 : recall / (recall + BENIGN_PER_GENERATED * falseRate);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    if (f1 > best.f1) best = { threshold, f1 };
  }
  return best.threshold;
}

function share(scores: number[], threshold: number): number {
  return scores.length === 0 ? 0 : scores.filter((score) => score >= threshold).length / scores.length;
}

export function evaluateDga(dataDir: string, defaultThreshold: number): DgaResult {
  const reference = loadNameReference();
  const scoreAll = (names: string[]) => names.map((name) => dgaScore(name, reference)?.score).filter((score): score is number => score !== undefined);
  const benignNames = readBenignDomains(dataDir);
  const benignTune = scoreAll(benignNames.filter((_, i) => i % 2 === 0));
  const benignTest = scoreAll(benignNames.filter((_, i) => i % 2 === 1));
  const families = [...readDgaFamilies(dataDir)].map(([family, names]) => ({ family, names, scores: scoreAll(names) })).filter((f) => f.scores.length > 0);
  const results: DgaFamilyResult[] = [];
  const leftOutFlags: number[] = [];
  for (const left of families) {
    const threshold = tuneDgaThreshold(
      families.filter((f) => f !== left).map((f) => f.scores),
      benignTune,
    );
    leftOutFlags.push(share(benignTest, threshold));
    results.push({ family: left.family, domains: left.names.length, scored: left.scores.length, threshold, recallLeftOut: share(left.scores, threshold), recallDefault: share(left.scores, defaultThreshold) });
  }
  return {
    families: results,
    benign: benignTune.length + benignTest.length,
    benignFlaggedDefault: share([...benignTune, ...benignTest], defaultThreshold),
    benignFlaggedLeftOut: leftOutFlags.reduce((a, b) => a + b, 0) / Math.max(1, leftOutFlags.length),
  };
}
