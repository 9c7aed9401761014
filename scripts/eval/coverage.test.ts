import type { FindingTypeMeta } from "../../src/detection/engine/types.js";
import { coverageRows, mergeFound } from "./coverage.js";

const meta = (type: string, tactic: string) => ({ type, mitre: { tactic, technique: "T0000 X" } }) as FindingTypeMeta;

describe("coverage table", () => {
  it("lists each rule under the tactic of its types with the techniques their findings credited, cold and primed", () => {
    const rules = [
      { id: "trail-off", findingTypes: [meta("Stealth:A", "Defense Evasion")] },
      { id: "mixed", findingTypes: [meta("Persistence:B", "Persistence"), meta("Discovery:C", "Discovery")] },
    ];
    const cold = new Map([
      ["t.stop", new Set(["Stealth:A"])],
      ["t.user", new Set<string>()],
    ]);
    const primed = new Map([
      ["t.stop", new Set(["Stealth:A"])],
      ["t.user", new Set(["Persistence:B"])],
    ]);
    expect(coverageRows(rules, cold, primed)).toEqual([
      { tactic: "Defense Evasion", rule: "trail-off", cold: ["t.stop"], primed: ["t.stop"] },
      { tactic: "Discovery", rule: "mixed", cold: [], primed: [] },
      { tactic: "Persistence", rule: "mixed", cold: [], primed: ["t.user"] },
    ]);
  });

  it("merges the types credited per technique over runs", () => {
    const merged = mergeFound(new Map([["t", new Set(["A"])]]), new Map([["t", new Set(["B"])], ["u", new Set<string>()]]));
    expect(merged).toEqual(new Map([["t", new Set(["A", "B"])], ["u", new Set()]]));
  });
});
