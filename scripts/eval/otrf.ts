/**
 * OTRF's EC2-proxy S3 exfiltration scenario: instance credentials stolen through SSRF and used from
 * outside AWS. Labels name the attack events and their expected type; every other event is benign
 * and must raise nothing.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { DetectionEngine } from "../../src/detection/engine/engine.js";
import type { DetectionContext } from "../../src/detection/engine/types.js";
import { parseRecords, typesRaised, type RawRecord } from "./records.js";
import { Tallies } from "./tally.js";

type Label = { eventID: string; is_attack: boolean; guardduty_expected: string | null };

export type OtrfResult = { tallies: Tallies; attackEvents: number; attackFound: number; benignEvents: number; benignWithFinding: number };

export function readOtrfRecords(dataDir: string): RawRecord[] {
  return gunzipSync(readFileSync(path.join(dataDir, "otrf-security-datasets-aws", "ec2_proxy_s3_exfiltration_2020-09-14011940.jsonl.gz")))
    .toString("utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RawRecord);
}

/** The scenario's records labelled benign (is_attack false). */
export function readOtrfBenignRecords(dataDir: string): RawRecord[] {
  const benign = new Set(
    readFileSync(path.join(dataDir, "otrf-security-datasets-aws", "ec2_proxy_s3_exfiltration_labels.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Label)
      .filter((label) => label.is_attack === false)
      .map((label) => label.eventID),
  );
  return readOtrfRecords(dataDir).filter((record) => benign.has(record.eventID as string));
}

export async function evaluateOtrf(dataDir: string, engine: DetectionEngine, context: DetectionContext): Promise<OtrfResult> {
  const folder = path.join(dataDir, "otrf-security-datasets-aws");
  const records = readOtrfRecords(dataDir);
  const labels = new Map(
    readFileSync(path.join(folder, "ec2_proxy_s3_exfiltration_labels.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Label)
      .map((label) => [label.eventID, label]),
  );
  const result: OtrfResult = { tallies: new Tallies(), attackEvents: 0, attackFound: 0, benignEvents: 0, benignWithFinding: 0 };
  for (const record of records) {
    const label = labels.get(record.eventID as string);
    const { events } = await parseRecords([record], "otrf/ec2_proxy_s3_exfiltration");
    const raised = typesRaised(engine, events, context);
    if (label?.is_attack && label.guardduty_expected) {
      result.attackEvents++;
      const found = raised.has(label.guardduty_expected);
      if (found) result.attackFound++;
      result.tallies.positive(label.guardduty_expected, found);
      for (const type of raised) if (type !== label.guardduty_expected) result.tallies.falseFinding(type);
    } else {
      result.benignEvents++;
      if (raised.size > 0) result.benignWithFinding++;
      for (const type of raised) result.tallies.falseFinding(type);
    }
  }
  return result;
}
