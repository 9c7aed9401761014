/** testCustomRule: a Sigma rule's dry run over events given inline, through the API. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { accountWithDetector, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";

const TEST = `query($d: ID!, $r: String!, $e: String!) {
  testCustomRule(detectorId: $d, rule: $r, events: $e) { rule { title id author level } findingType severity eventsRead brokenRecords findings matchedEvents } }`;
const RULE = readFileSync(path.join(__dirname, "..", "fixtures", "sigma", "rules", "aws_cloudtrail_disable_logging.yml"), "utf8");

const call = (eventID: string, eventName: string) => ({
  eventVersion: "1.10",
  eventTime: "2026-03-01T10:00:00Z",
  eventSource: "cloudtrail.amazonaws.com",
  eventName,
  awsRegion: "eu-west-1",
  sourceIPAddress: "198.51.100.20",
  userAgent: "aws-cli/2.15.0",
  userIdentity: { type: "IAMUser", principalId: "AIDAEXAMPLE", arn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333", userName: "alice" },
  requestParameters: { name: "main" },
  responseElements: null,
  eventID,
  eventType: "AwsApiCall",
  recipientAccountId: "111122223333",
});

describe("testCustomRule", () => {
  let app: TestApp;
  let account: TestAccount;
  let other: TestAccount;

  beforeAll(async () => {
    app = await startTestApp();
    [account, other] = await Promise.all(["330000000001", "330000000002"].map((id) => accountWithDetector(app, id)));
  });
  afterAll(() => app.close());

  it("reports what the rule would raise and which events it matched, with the rule's author", async () => {
    const events = JSON.stringify({ Records: [call("stop-1", "StopLogging"), call("start-1", "StartLogging"), call("delete-1", "DeleteTrail")] });
    const result = await app.gql(TEST, { d: account.detectorId, r: RULE, e: events }, account.key);
    expect(result.errors).toBeUndefined();
    expect(result.data?.testCustomRule).toEqual({
      rule: { title: "AWS CloudTrail Important Change", id: "4db60cc0-36fb-42b7-9b58-a5b53019fb74", author: "vitaliy0x1", level: "medium" },
      findingType: "Custom:IAMUser/AWSCloudTrailImportantChange",
      severity: 5,
      eventsRead: 3,
      brokenRecords: 0,
      findings: 2,
      matchedEvents: ["stop-1", "delete-1"],
    });
  });

  it("refuses a rule that does not compile, naming the line and field", async () => {
    const broken = RULE.replace("eventName:", "eventName|nope:");
    const result = await app.gql(TEST, { d: account.detectorId, r: broken, e: "[]" }, account.key);
    expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0].message).toMatch(/^rule: line \d+: field 'detection\.selection_source\.eventName\|nope': unknown modifier 'nope'/);
  });

  it("is refused on another account's detector", async () => {
    const result = await app.gql(TEST, { d: other.detectorId, r: RULE, e: "[]" }, account.key);
    expect(result.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });
});
