import { loweredSeverity, raisedSeverity } from "./severity-step.js";

describe("severity steps", () => {
  it.each([
    [2, 5],
    [3, 5],
    [5, 8],
    [7, 8],
    [8, 8],
  ])("raises %d to %d", (from, to) => expect(raisedSeverity(from)).toBe(to));

  it.each([
    [8, 5],
    [7, 5],
    [5, 2],
    [3, 2],
    [2, 2],
  ])("lowers %d to %d", (from, to) => expect(loweredSeverity(from)).toBe(to));
});
