import { createEngine } from "../../engine/engine.js";
import type { CloudTrailRule } from "../../engine/types.js";
import { apiCall, cloudTrailEvent, testContext } from "../../testing/cloudtrail.js";
import { sigmaRule } from "../../testing/sigma-rules.js";
import { guardEventRule, SLOW_CALL_MS, type FaultReason, type RuleWatch } from "./guard.js";
import { CustomRuleCompiler } from "./rule-sets.js";

type Seen = { faults: Array<{ rule: string; detector: string; reason: FaultReason; message: string }>; events: number };

function recorder(): { seen: Seen; watchFor: (rule: string, version: number, detector: string) => RuleWatch } {
  const seen: Seen = { faults: [], events: 0 };
  return {
    seen,
    watchFor: (rule, _version, detector) => ({ spent: (events) => void (seen.events += events), fault: (reason, message) => void seen.faults.push({ rule, detector, reason, message }) }),
  };
}

const STOP_LOGGING = sigmaRule(`
selection:
    eventName: StopLogging
condition: selection`);

const stop = () => cloudTrailEvent(apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", eventID: `e-${Math.random()}` }));

describe("stored rules behind their guard", () => {
  it("builds each detector's rules under ids of their own, and counts their cost", () => {
    const { seen, watchFor } = recorder();
    const definition = { id: "r1", version: 1, source: STOP_LOGGING, findingType: "Custom:IAMUser/StopIt", severity: 6 };
    const snapshot = new CustomRuleCompiler(watchFor).build(new Map([["d1", [definition]], ["d2", [definition]]]));
    const set = snapshot.get("d1")!;
    expect(set.eventRules.map((rule) => rule.id)).toEqual(["custom:r1"]);
    const candidates = createEngine(set.eventRules).detect([stop(), stop()], testContext());
    expect(candidates.map((c) => [c.meta.type, c.severity])).toEqual([["Custom:IAMUser/StopIt", 6], ["Custom:IAMUser/StopIt", 6]]);
    expect(seen.events).toBe(2);
  });

  it("switches a rule that throws off for that detector, and the batch goes on with the others", () => {
    const { seen, watchFor } = recorder();
    const snapshot = new CustomRuleCompiler(watchFor).build(new Map([["d1", [{ id: "good", version: 1, source: STOP_LOGGING, findingType: "Custom:IAMUser/StopIt", severity: 5 }]]]));
    const good = snapshot.get("d1")!.eventRules[0]!;
    let calls = 0;
    const throwing: CloudTrailRule = {
      id: "bad",
      kind: "cloudtrail",
      findingTypes: [],
      evaluate: () => {
        calls++;
        throw new Error("boom");
      },
    };
    // A thrower wrapped the way the compiler wraps a compiled rule.
    const engine = createEngine([guardEventRule(throwing, "custom:bad", watchFor("bad", 3, "d1")), good]);
    const candidates = engine.detect([stop(), stop(), stop()], testContext());
    expect(candidates).toHaveLength(3);
    expect(calls).toBe(1);
    expect(seen.faults).toEqual([{ rule: "bad", detector: "d1", reason: "ERROR", message: "the rule threw: boom" }]);
  });

  it("switches off a rule slower than the budget on one event", () => {
    const { seen, watchFor } = recorder();
    let calls = 0;
    const slow: CloudTrailRule = {
      id: "slow",
      kind: "cloudtrail",
      findingTypes: [],
      evaluate: () => {
        calls++;
        const until = performance.now() + SLOW_CALL_MS + 20;
        while (performance.now() < until);
      },
    };
    createEngine([guardEventRule(slow, "custom:slow", watchFor("slow", 1, "d1"))]).detect([stop(), stop()], testContext());
    expect(calls).toBe(1);
    expect(seen.faults).toEqual([{ rule: "slow", detector: "d1", reason: "SLOW", message: expect.stringMatching(/^one event took \d+ ms \(the budget is 250 ms\)$/) }]);
  });

  it("faults a stored rule that no longer compiles instead of failing the reload", () => {
    const { seen, watchFor } = recorder();
    const snapshot = new CustomRuleCompiler(watchFor).build(new Map([["d1", [{ id: "broken", version: 2, source: "title: x", findingType: "Custom:IAMUser/X", severity: 5 }]]]));
    expect(snapshot.size).toBe(0);
    expect(seen.faults).toEqual([{ rule: "broken", detector: "d1", reason: "ERROR", message: expect.stringMatching(/^the rule no longer compiles: /) }]);
  });
});
