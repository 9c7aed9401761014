import { bySplit, share } from "./cold-figures.js";

describe("cold/primed figures", () => {
  it("writes a share with its percentage, and a dash when there is nothing to share", () => {
    expect(share(2, 3)).toBe("2/3 (67 %)");
    expect(share(0, 0)).toBe("–");
  });

  it("computes a cell for own, held-out and all items apart", () => {
    const items = [
      { id: "a", split: "own" as const },
      { id: "b", split: "held-out" as const },
      { id: "c", split: "own" as const },
    ];
    expect(bySplit(items, (i) => i.split, (kept) => kept.map((i) => i.id).join(""))).toEqual({ own: "ac", "held-out": "b", all: "abc" });
  });
});
