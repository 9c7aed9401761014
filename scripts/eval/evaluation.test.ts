import { defaultEngine } from "../../src/detection/engine/default-engine.js";
import { apiCall, testContext } from "../../src/detection/testing/cloudtrail.js";
import { markdownTable } from "./markdown.js";
import { pantherRecord } from "../../src/detection/testing/panther.js";
import { parseRecords, typesRaised } from "./records.js";
import { Tallies } from "./tally.js";

describe("evaluation helpers", () => {
  it("tallies positives, labelled negatives and false findings per type, with a total", () => {
    const tallies = new Tallies();
    tallies.positive("A", true);
    tallies.positive("A", false);
    tallies.negative("A", true);
    tallies.negative("B", false);
    tallies.falseFinding("B");
    expect(tallies.byType.get("A")).toEqual({ expected: 2, found: 1, missed: 1, negatives: 1, falseFindings: 1 });
    expect(tallies.total()).toEqual({ expected: 2, found: 1, missed: 1, negatives: 2, falseFindings: 2 });
    const merged = new Tallies();
    merged.merge(tallies);
    merged.merge(tallies);
    expect(merged.total().expected).toBe(4);
  });

  it("writes Markdown tables with pipes escaped", () => {
    expect(markdownTable(["a", "b"], [["1", "x|y"]])).toBe("| a | b |\n|---|---|\n| 1 | x\\|y |");
  });

  it("parses records through the real parser, counts refused ones as broken, and reports raised types", async () => {
    const root = { type: "Root", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333", principalId: "111122223333" };
    const { events, broken } = await parseRecords([apiCall({ userIdentity: root })], "test");
    expect(broken).toBe(0);
    expect([...typesRaised(defaultEngine(), events, testContext())]).toEqual(["Policy:IAMUser/RootCredentialUsage"]);
    const refused = await parseRecords([{ eventname: "ModifyInstanceAttribute", eventsource: "ec2.amazonaws.com" }], "test");
    expect(refused).toEqual({ events: [], broken: 1 });
  });

  it("gives Panther's hand-written records the envelope they lack, and keeps what they have", () => {
    expect(pantherRecord({ eventName: "X" })).toMatchObject({ eventName: "X", eventTime: expect.any(String), recipientAccountId: expect.any(String) });
    expect(pantherRecord({ eventTime: "2020-01-01T00:00:00Z" }).eventTime).toBe("2020-01-01T00:00:00Z");
  });
});
