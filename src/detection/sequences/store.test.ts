import type { Signal } from "./signal.js";
import { sequenceSettings } from "./settings.js";
import { MemorySequenceStore } from "./store.js";

const HOUR = 3_600_000;

function signal(id: string, lastSeen: number): Signal {
  return {
    id, type: "CLOUD_TRAIL", name: id, tactic: "Discovery", stage: 1, severity: 1, accountId: "111122223333", region: "eu-west-1",
    firstSeen: lastSeen, lastSeen, count: 1, summary: id, actor: {}, resources: [], eventIds: [], object: "o",
  };
}

describe("MemorySequenceStore", () => {
  it("numbers a batch once: a retry sees what its first run saw, a later batch sees both", async () => {
    const store = new MemorySequenceStore();
    await store.merge([signal("a", 0)], "first");
    const second = (await store.merge([signal("b", HOUR)], "second")).get("111122223333")!;
    await store.merge([signal("c", 2 * HOUR)], "third");
    const retried = (await store.merge([signal("b", HOUR)], "second")).get("111122223333")!;
    expect([Object.keys(second.before), Object.keys(second.merged)]).toEqual([["a"], ["a", "b"]]);
    expect(retried).toEqual(second);
  });

  it("forgets signals older than the window before the newest, and keeps at most the cap", async () => {
    const store = new MemorySequenceStore(sequenceSettings({ windowMs: 24 * HOUR, maxSignalsPerAccount: 2 }));
    await store.merge([signal("old", 0)], "1");
    const later = (await store.merge([signal("new", 25 * HOUR)], "2")).get("111122223333")!;
    expect(Object.keys(later.merged)).toEqual(["new"]);
    await store.merge([signal("x", 25 * HOUR)], "3");
    const full = (await store.merge([signal("y", 25 * HOUR)], "4")).get("111122223333")!;
    expect(Object.keys(full.merged).sort()).toEqual(["new", "x", "y"]);
    expect(Object.keys((await store.merge([signal("z", 25 * HOUR)], "5")).get("111122223333")!.merged).sort()).toEqual(["new", "x", "z"]);
  });

  it("keeps the earlier copy of a signal whichever contribution brought it first, numbered as the one that stored it", async () => {
    const early = signal("a", HOUR);
    const late = { ...signal("a", 2 * HOUR), summary: "late" };
    const stored = async (first: Signal, second: Signal) => {
      const store = new MemorySequenceStore();
      await store.merge([first], "1");
      const view = (await store.merge([second], "2")).get("111122223333")!;
      return { touched: !("a" in view.before), kept: view.merged.a };
    };
    // The early copy coming second replaces the late one, and its contribution decides the story again.
    expect(await stored(late, early)).toEqual({ touched: true, kept: early });
    expect(await stored(early, late)).toEqual({ touched: false, kept: early });
  });
});
