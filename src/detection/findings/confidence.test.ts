import type { FindingCandidate } from "../engine/types.js";
import { cloudTrailLoggingDisabledRule } from "../rules/cloudtrail/cloudtrail-logging-disabled/rule.js";
import { apiCall, runRule } from "../testing/cloudtrail.js";
import { confidenceOf } from "./confidence.js";

function stopLogging(): FindingCandidate {
  const record = apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", requestParameters: { name: "main" } });
  return runRule(cloudTrailLoggingDisabledRule, record)[0];
}

describe("confidenceOf", () => {
  it("follows the type's method by default: a deterministic rule is 7", () => {
    const candidate = stopLogging();
    expect(candidate.meta.method).toBe("RULE");
    expect(confidenceOf(candidate)).toEqual({ score: 7, reason: expect.stringMatching(/^A deterministic rule/) });
  });

  it("takes the type's own confidence over the method's, and the occurrence's over both", () => {
    const candidate = stopLogging();
    const typed = { ...candidate, meta: { ...candidate.meta, confidence: { score: 9, reason: "Nobody stops the trail by accident." } } };
    expect(confidenceOf(typed)).toEqual({ score: 9, reason: "Nobody stops the trail by accident." });
    expect(confidenceOf({ ...typed, confidence: { score: 3, reason: "A test account." } })).toEqual({ score: 3, reason: "A test account." });
  });

  it("names the list entries that matched, keeping the method's score", () => {
    const candidate = { ...stopLogging(), threatIntel: [{ listName: "ProofPoint", source: "MANAGED" as const, category: "SCANNER" as const, threatNames: ["Scanner"], entry: "198.51.100.0/24" }] };
    expect(confidenceOf(candidate)).toEqual({ score: 7, reason: expect.stringMatching(/ Matched: ProofPoint \(entry 198\.51\.100\.0\/24\)\.$/) });
  });
});
