import { RecentResults } from "./recent-results.js";

describe("RecentResults", () => {
  it("computes a key once while it stays recent, and again once two generations have passed it by", () => {
    const computed: string[] = [];
    const recent = new RecentResults((key) => {
      computed.push(key);
      return key.length;
    }, 2);
    expect([recent.get("a"), recent.get("bb"), recent.get("a")]).toEqual([1, 2, 1]);
    recent.get("ccc"); // the first generation is full: "a" and "bb" move to the previous one
    recent.get("a"); // still known, brought back
    recent.get("dddd");
    recent.get("eeeee"); // "bb" has now been passed over twice
    recent.get("bb");
    expect(computed).toEqual(["a", "bb", "ccc", "dddd", "eeeee", "bb"]);
  });

  it("finds keys stored as `stored` gives them by the key they were asked with", () => {
    const stored: string[] = [];
    const recent = new RecentResults((key) => key.toUpperCase(), 8, (key) => {
      stored.push(key);
      return ` ${key}`.slice(1);
    });
    expect(recent.get("example.com")).toBe("EXAMPLE.COM");
    expect(recent.get("example.com")).toBe("EXAMPLE.COM");
    expect(stored).toEqual(["example.com"]);
  });
});
