import { addFlag, countFlags, mergeFlags, mergeFlagsInto, orderedValues, size, type FlagMap } from "./capped.js";

/** Batches of values drawn from a small range (so they repeat and gain flags), seeded for repeatability. */
function batches(seed: number, count: number, perBatch: number, range: number): FlagMap[] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, () => {
    const map: FlagMap = {};
    for (let i = 0; i < perBatch; i++) addFlag(map, `v${Math.floor(next() * range)}`, next() < 0.7 ? 1 : 2);
    return map;
  });
}

function sortedEntries(map: FlagMap): Array<[string, number]> {
  return Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1));
}

describe("capped flag maps merged in place", () => {
  it.each([
    ["below the cap", 1, 3, 12],
    ["reaching the cap exactly", 2, 4, 16],
    ["far past the cap", 3, 40, 500],
    ["past the cap in one batch", 4, 100, 2_000],
  ])("keep the values and flags merge keeps, %s, and count them the same", (_name, seed, perBatch, range) => {
    const cap = 16;
    const input = batches(seed, 30, perBatch, range);
    let copied = input[0];
    let running = { ...input[0] };
    for (const batch of input.slice(1)) {
      copied = mergeFlags(copied, batch, cap);
      running = mergeFlagsInto(running, batch, cap);
      expect(sortedEntries(running)).toEqual(sortedEntries(copied));
      expect(orderedValues(running)).toEqual(Object.keys(copied));
      expect(orderedValues(copied)).toEqual(Object.keys(copied));
      expect(size(running)).toBe(size(copied));
      expect(countFlags(running, 1, 2)).toBe(countFlags(copied, 1, 2));
      expect(countFlags(running, 2)).toBe(countFlags(copied, 2));
    }
  });

  it("leave the merged-in map as it was", () => {
    const b: FlagMap = { x: 1, y: 2 };
    mergeFlagsInto({ x: 2, z: 1 }, b, 2);
    expect(b).toEqual({ x: 1, y: 2 });
  });
});
