import type { Finding } from "../../src/detection/findings/types.js";
import { coveredTechniques, sequenceFigures, signalPrecision } from "./sequences.js";

function finding(type: string, signals: string[][]): Finding {
  return { type, description: `${type} story`, service: { detection: { sequence: { signals: signals.map((eventIds) => ({ eventIds })) } } } } as unknown as Finding;
}

const day = { eventIds: new Map([["t1", new Set(["a1", "a2"])], ["t2", new Set(["b1"])], ["t3", new Set(["c1"])]]) };

describe("attack-sequence figures", () => {
  it("takes the sequence covering most techniques, and counts the attack events among those its signals name", () => {
    const run = { findings: [finding("AttackSequence:IAM/CompromisedCredentials", [["a1"], ["zz"]]), finding("AttackSequence:IAM/CompromisedCredentials", [["a2", "b1"], ["benign-1"]]), finding("Stealth:IAMUser/CloudTrailLoggingDisabled", [])], techniquesFound: new Map(), falseFindings: [] };
    const figures = sequenceFigures(run, day);
    expect(figures.sequences).toBe(2);
    expect(figures.best).toMatchObject({ techniques: ["t1", "t2"], referencedEvents: 3, attackEvents: 2, signals: 2 });
    expect(signalPrecision(figures)).toBe("2/3 (67 %)");
    expect(coveredTechniques(figures, ["t1", "t2", "t3"], new Set(["t2"]))).toEqual({ own: "1/2 (50 %)", "held-out": "1/1 (100 %)", all: "2/3 (67 %)" });
  });

  it("reports no best sequence when there is none", () => {
    const figures = sequenceFigures({ findings: [], techniquesFound: new Map(), falseFindings: [] }, day);
    expect(figures).toEqual({ sequences: 0, best: undefined });
    expect(signalPrecision(figures)).toBe("–");
  });
});
