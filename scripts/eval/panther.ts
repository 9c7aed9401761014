/**
 * Panther's CloudTrail rule unit tests (panther-analysis-tests): each case is one record with the
 * upstream rule's expected result and a curated GuardDuty analog ("direct": same semantics, so the
 * case must agree; "related": GuardDuty models it differently, shown for information).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { DetectionEngine } from "../../src/detection/engine/engine.js";
import type { DetectionContext } from "../../src/detection/engine/types.js";
import { parseRecords, typesRaised, type RawRecord } from "./records.js";
import { Tallies } from "./tally.js";
import { pantherRecord } from "../../src/detection/testing/panther.js";

export type PantherCase = {
  rule_id: string;
  test_name: string;
  log_type: string;
  expected_result: boolean;
  guardduty_analog: string | null;
  guardduty_analog_strength: "direct" | "related" | null;
  log: RawRecord;
};

export type PantherResult = {
  /** Tallies over cases with a direct analog: these must agree. */
  direct: Tallies;
  /** Tallies over cases with a related analog (information only). */
  related: Tallies;
  disagreements: string[];
  /** Types raised on a case whose analog is another type or none: not labelled either way. */
  unlabelled: Map<string, string[]>;
  cases: number;
  /** Cases whose record the parser refused (e.g. hand-written with lower-case field names). */
  unparsed: string[];
};

/** Every case of every log type: the held-out split is drawn over all the pack's rule ids. */
export function readPantherCases(dataDir: string): PantherCase[] {
  return readFileSync(path.join(dataDir, "panther-analysis-tests", "panther_aws_rule_tests.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as PantherCase);
}

export function readPantherCloudTrailCases(dataDir: string): PantherCase[] {
  return readPantherCases(dataDir).filter((c) => c.log_type === "AWS.CloudTrail");
}

export async function evaluatePanther(dataDir: string, engine: DetectionEngine, context: DetectionContext): Promise<PantherResult> {
  const cases = readPantherCloudTrailCases(dataDir);
  const result: PantherResult = { direct: new Tallies(), related: new Tallies(), disagreements: [], unlabelled: new Map(), cases: cases.length, unparsed: [] };
  for (const pantherCase of cases) {
    const { events, broken } = await parseRecords([pantherRecord(pantherCase.log)], `panther/${pantherCase.rule_id}`);
    const raised = typesRaised(engine, events, context);
    const analog = pantherCase.guardduty_analog;
    const name = `${pantherCase.rule_id} / ${pantherCase.test_name}`;
    if (broken > 0) result.unparsed.push(`${name} (analog: ${analog ?? "none"})`);
    if (analog && pantherCase.guardduty_analog_strength) {
      const tallies = pantherCase.guardduty_analog_strength === "direct" ? result.direct : result.related;
      if (pantherCase.expected_result) tallies.positive(analog, raised.has(analog));
      else tallies.negative(analog, raised.has(analog));
      if (pantherCase.guardduty_analog_strength === "direct" && raised.has(analog) !== pantherCase.expected_result) {
        result.disagreements.push(`${name}: expected ${pantherCase.expected_result ? "a" : "no"} ${analog} finding`);
      }
    }
    for (const type of raised) {
      if (type === analog) continue;
      const list = result.unlabelled.get(type) ?? [];
      list.push(name);
      result.unlabelled.set(type, list);
    }
  }
  return result;
}
