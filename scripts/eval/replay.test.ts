import type { Finding } from "../../src/detection/findings/types.js";
import { falseFindings, typesByTechnique } from "./attribution.js";
import { DAY_MS, cutIntoObjects, reaccount, retime, spreadGroups, spreadRecords } from "./replay.js";

const record = (eventTime: string, extra: Record<string, unknown> = {}) => ({ eventTime, eventID: eventTime, recipientAccountId: "111122223333", ...extra });

describe("replaying records as one account's day", () => {
  it("rewrites the logging account everywhere it appears, and only that account", () => {
    const moved = reaccount(
      record("2024-08-01T00:00:00Z", {
        userIdentity: { accountId: "111122223333", arn: "arn:aws:iam::111122223333:user/a" },
        requestParameters: { launchPermission: { add: { items: [{ userId: "999988887777" }] } }, size: "1111222233334" },
      }),
      "444455556666",
    );
    expect(moved).toMatchObject({
      recipientAccountId: "444455556666",
      userIdentity: { accountId: "444455556666", arn: "arn:aws:iam::444455556666:user/a" },
      requestParameters: { launchPermission: { add: { items: [{ userId: "999988887777" }] } }, size: "1111222233334" },
    });
  });

  it("shifts records together, keeping their relative timing", () => {
    const start = Date.parse("2025-01-01T10:00:00Z");
    const moved = retime([record("2024-08-01T12:00:05Z"), record("2024-08-01T12:00:00Z")], start);
    expect(moved.map((r) => r.eventTime)).toEqual(["2025-01-01T10:00:05Z", "2025-01-01T10:00:00Z"]);
  });

  it("gives each group its own slot of the day, and spreads single records with fresh ids", () => {
    const day = Date.parse("2025-01-01T00:00:00Z");
    const groups = spreadGroups([[record("2024-08-01T12:00:00Z")], [record("2024-07-01T00:00:00Z"), record("2024-07-01T00:01:00Z")]], day);
    expect(groups.map((g) => g.map((r) => r.eventTime))).toEqual([["2025-01-01T00:00:00Z"], ["2025-01-01T12:00:00Z", "2025-01-01T12:01:00Z"]]);
    const spread = spreadRecords([record("2020-01-01T00:00:00Z"), record("2020-01-01T00:00:00Z")], day, "benign");
    expect(spread.map((r) => [r.eventID, r.eventTime])).toEqual([
      ["benign-0", "2025-01-01T06:00:00Z"],
      ["benign-1", "2025-01-01T18:00:00Z"],
    ]);
    expect(Date.parse(spread[1].eventTime as string) - day).toBeLessThan(DAY_MS);
  });

  it("cuts records in time order into objects of a given size", () => {
    const objects = cutIntoObjects([record("2025-01-01T00:00:03Z"), record("2025-01-01T00:00:01Z"), record("2025-01-01T00:00:02Z")], 2);
    expect(objects.map((o) => o.map((r) => r.eventID))).toEqual([["2025-01-01T00:00:01Z", "2025-01-01T00:00:02Z"], ["2025-01-01T00:00:03Z"]]);
  });
});

describe("crediting findings", () => {
  const finding = (type: string, ...eventIds: Array<string | undefined>) => ({ type, vigil: { sourceEvents: eventIds.map((eventId) => ({ eventId, object: "o" })) } }) as unknown as Finding;

  it("credits a technique with the types of the findings whose source events include its events", () => {
    const techniques = new Map([
      ["t1", new Set(["a1", "a2"])],
      ["t2", new Set(["b1"])],
      ["t3", new Set(["c1"])],
    ]);
    const found = typesByTechnique([finding("X", "a2", "n1"), finding("Y", "b1"), finding("Z", "b1", "a1"), finding("W", "n2")], techniques);
    expect(found).toEqual(
      new Map([
        ["t1", new Set(["X", "Z"])],
        ["t2", new Set(["Y", "Z"])],
        ["t3", new Set()],
      ]),
    );
  });

  it("calls a finding false only when all its source events are benign", () => {
    const benign = new Set(["n1", "n2"]);
    const findings = [finding("A", "n1", "n2"), finding("B", "n1", "a1"), finding("C"), finding("D", undefined)];
    expect(falseFindings(findings, benign).map((f) => f.type)).toEqual(["A"]);
  });
});
