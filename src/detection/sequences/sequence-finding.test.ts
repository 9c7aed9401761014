import { sequenceCandidates, type OrderedDecision } from "./sequence-finding.js";
import type { Sequence } from "./sequence-types.js";
import type { Signal } from "./signal.js";

const START = Date.parse("2026-03-01T12:00:00Z");

/** The i-th call of a story of one role, each from a session key and address of its own. */
function signal(i: number): Signal {
  return {
    id: `s${i}`, type: "CLOUD_TRAIL", name: "iam:CreateAccessKey", api: "iam:CreateAccessKey", tactic: "Persistence", stage: 2, severity: i === 0 ? 5 : 1,
    accountId: "111122223333", region: "eu-west-1", firstSeen: START + i * 1000, lastSeen: START + i * 1000, count: 1, summary: `created key ${i}`,
    actor: { accessKeyId: `ASIAEXAMPLE${String(i).padStart(9, "0")}`, principal: "arn:aws:iam::111122223333:role/ops", sourceIp: `203.0.113.${i % 250}` },
    resources: [`arn:aws:iam::111122223333:user/u${i}`], eventIds: [`e${i}`], object: "o",
  };
}

function sequenceOf(decision: OrderedDecision): Sequence {
  const [candidate] = sequenceCandidates([decision], { detectorId: "d".repeat(32) });
  return candidate.sequence!.sequence;
}

describe("sequence findings", () => {
  it("list the actors, resources and endpoints of the signals they list, not of every signal of a long story", () => {
    const signals = Array.from({ length: 1_000 }, (_, i) => signal(i));
    const sequence = sequenceOf({ anchor: "principal:arn:aws:iam::111122223333:role/ops", accountId: "111122223333", signals, stages: [1, 2, 3], score: 12, s3Data: false, order: "t0/1" });
    const listedKeys = new Set(sequence.signals.flatMap((listed) => listed.actorIds).filter((id) => id.startsWith("key:")));
    expect(sequence.signals).toHaveLength(100);
    expect(sequence.actors.map((actor) => actor.id).sort()).toEqual([...listedKeys].sort());
    expect(sequence.resources.length).toBeLessThanOrEqual(100);
    expect(sequence.endpoints.length).toBeLessThanOrEqual(100);
    // The most severe signal is listed, so its actor is named.
    expect(sequence.actors.map((actor) => actor.id)).toContain("key:ASIAEXAMPLE000000000");
  });
});
