import type { WindowedRule } from "../engine/types.js";
import { LocalWindowStore } from "./local-window-store.js";

const rule = { id: "sum", windowMs: 60_000, merge: (a: number, b: number) => a + b } as unknown as WindowedRule;

describe("LocalWindowStore", () => {
  it("merges contributions per key and reports the value before each new one", () => {
    const store = new LocalWindowStore([rule]);
    const first = store.mergeNow(new Map([["sum", new Map([["0|a|x", 2]])]]), "o#0");
    expect(first.merged.get("sum")?.get("0|a|x")).toBe(2);
    expect(first.before.size).toBe(0);
    const second = store.mergeNow(new Map([["sum", new Map([["0|a|x", 3], ["0|a|y", 1]])]]), "o#1");
    expect(second.merged.get("sum")).toEqual(new Map([["0|a|x", 5], ["0|a|y", 1]]));
    expect(second.before.get("sum")).toEqual(new Map([["0|a|x", 2]]));
  });

  it("adds nothing and crosses nothing for a contribution it has already seen", async () => {
    const store = new LocalWindowStore([rule]);
    await store.merge(new Map([["sum", new Map([["0|a|x", 2]])]]), "o#0");
    const again = await store.merge(new Map([["sum", new Map([["0|a|x", 2]])]]), "o#0");
    expect(again.merged.get("sum")?.get("0|a|x")).toBe(2);
    expect(again.before.get("sum")?.get("0|a|x")).toBe(2);
  });

  it("ignores partials of rules it does not know", () => {
    const store = new LocalWindowStore([rule]);
    expect(store.mergeNow(new Map([["other", new Map([["k", 1]])]]), "o#0").merged.size).toBe(0);
  });
});
