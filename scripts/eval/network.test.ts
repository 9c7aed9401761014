import { defaultEngine } from "../../src/detection/engine/default-engine.js";
import { listContext } from "../../src/detection/testing/flow-records.js";
import { flowObject, type FlowRecord } from "./flow-lines.js";
import { typesRaisedBy } from "./network.js";
import { SeededRandom } from "./seeded-random.js";

function attempt(n: number): FlowRecord {
  return { account: "111122223333", eni: "eni-0e1", src: "10.0.1.5", dst: "10.0.2.9", srcPort: 40000 + n, dstPort: 22, protocol: 6, packets: 20, bytes: 2400, start: 1_772_366_400 + n, end: 1_772_366_401 + n, action: "ACCEPT" };
}

describe("flow and DNS evaluation helpers", () => {
  it("repeats the same random draws for the same seed", () => {
    const draws = (seed: number) => {
      const random = new SeededRandom(seed);
      return [random.int(1, 1000), random.pick(["a", "b", "c"]), random.sample([1, 2, 3, 4, 5], 3)];
    };
    expect(draws(6)).toEqual(draws(6));
    expect(draws(6)).not.toEqual(draws(7));
  });

  it("runs a case's objects through the parser and the windowed rules across objects", async () => {
    const records = Array.from({ length: 30 }, (_, n) => attempt(n));
    const objects = [flowObject(records.slice(0, 15), 2), flowObject(records.slice(15), 2)];
    const { types, events } = await typesRaisedBy({ family: "test", expected: [], tolerated: [], kind: "VPC_FLOW_LOGS", objects }, defaultEngine(), listContext());
    expect(events).toBe(30);
    expect([...types]).toEqual(["UnauthorizedAccess:EC2/SSHBruteForce"]);
  });
});
