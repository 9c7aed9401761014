/**
 * Rule-pack agreement, cold: each Panther CloudTrail case alone through `vigil scan` with no history.
 * A positive case agrees when Vigil raises any finding on it, a negative case when it raises none
 * (the pack's rule and Vigil need not name the same type: the question is whether Vigil alerts).
 */
import { pantherRecord } from "../../src/detection/testing/panther.js";
import { heldOutIds, splitOf, type Split } from "./holdout.js";
import { readPantherCases, type PantherCase } from "./panther.js";
import { scanRecords } from "./scan-records.js";

export type Agreement = { cases: number; agreed: number };

export type CaseOutcome = { ruleId: string; name: string; split: Split; strength: PantherCase["guardduty_analog_strength"]; expected: boolean; raised: string[]; agrees: boolean };

export type AgreementResult = { outcomes: CaseOutcome[]; heldOutRules: number; rules: number };

export async function evaluateAgreement(dataDir: string): Promise<AgreementResult> {
  const all = readPantherCases(dataDir);
  const heldOut = heldOutIds(all.map((c) => c.rule_id));
  const outcomes: CaseOutcome[] = [];
  for (const c of all.filter((c) => c.log_type === "AWS.CloudTrail")) {
    const raised = [...new Set((await scanRecords([[pantherRecord(c.log)]])).map((f) => f.type))].sort();
    outcomes.push({
      ruleId: c.rule_id,
      name: `${c.rule_id} / ${c.test_name}`,
      split: splitOf(c.rule_id, heldOut),
      strength: c.guardduty_analog_strength,
      expected: c.expected_result,
      raised,
      agrees: raised.length > 0 === c.expected_result,
    });
  }
  return { outcomes, heldOutRules: heldOut.size, rules: new Set(all.map((c) => c.rule_id)).size };
}

export function agreement(outcomes: readonly CaseOutcome[]): Agreement {
  return { cases: outcomes.length, agreed: outcomes.filter((o) => o.agrees).length };
}
