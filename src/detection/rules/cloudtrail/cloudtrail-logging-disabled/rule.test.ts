import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { cloudTrailLoggingDisabledRule as rule } from "./rule.js";

const TYPE = "Stealth:IAMUser/CloudTrailLoggingDisabled";

function trailCall(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName, readOnly: false, requestParameters, ...extra });
}

describe("Stealth:IAMUser/CloudTrailLoggingDisabled", () => {
  it.each([
    ["StopLogging", { name: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/main" }],
    ["DeleteTrail", { name: "main" }],
    ["UpdateTrail", { name: "main", isMultiRegionTrail: false }],
    ["UpdateTrail", { name: "main", includeGlobalServiceEvents: "false" }],
    ["PutEventSelectors", { trailName: "main", eventSelectors: [{ readWriteType: "All", includeManagementEvents: false, dataResources: [] }] }],
    ["PutEventSelectors", { trailName: "main", eventSelectors: [{ readWriteType: "ReadOnly", includeManagementEvents: true }] }],
    [
      "PutEventSelectors",
      { trailName: "main", advancedEventSelectors: [{ name: "data only", fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }] }] },
    ],
    [
      "PutEventSelectors",
      {
        trailName: "main",
        advancedEventSelectors: [
          { fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, { field: "readOnly", equals: ["true"] }] },
        ],
      },
    ],
    ["StopEventDataStoreIngestion", { eventDataStore: "arn:aws:cloudtrail:eu-west-1:111122223333:eventdatastore/abc" }],
    ["DeleteEventDataStore", { eventDataStore: "abc" }],
  ])("fires on %s that silences logging (%j)", (eventName, parameters) => {
    expect(types(runRule(rule, trailCall(eventName, parameters)))).toEqual([TYPE]);
  });

  it.each([
    ["StartLogging", { name: "main" }],
    ["CreateTrail", { name: "main", isMultiRegionTrail: false }],
    ["UpdateTrail", { name: "main", s3BucketName: "other-bucket", isMultiRegionTrail: true }],
    ["PutEventSelectors", { trailName: "main", eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }] }],
    ["PutEventSelectors", { trailName: "main", eventSelectors: [{ readWriteType: "All" }] }],
    ["PutEventSelectors", { trailName: "main", eventSelectors: [{ readWriteType: "All", excludeManagementEventSources: ["kms.amazonaws.com"] }] }],
    ["PutEventSelectors", { trailName: "main", advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }] }],
    ["PutEventSelectors", { trailName: "main" }],
    ["GetEventSelectors", { trailName: "main" }],
  ])("does not fire on %s that keeps logging (%j)", (eventName, parameters) => {
    expect(runRule(rule, trailCall(eventName, parameters))).toEqual([]);
  });

  it("does not fire when the call failed", () => {
    expect(runRule(rule, trailCall("StopLogging", { name: "main" }, { errorCode: "AccessDenied" }))).toEqual([]);
  });

  it("does not fire on the same API name of another service", () => {
    expect(runRule(rule, apiCall({ eventSource: "ec2.amazonaws.com", eventName: "StopLogging", requestParameters: { name: "main" } }))).toEqual([]);
  });

  it("keys the finding on the trail, whether named by ARN or name, and lists it as the affected resource", () => {
    const [byArn] = runRule(rule, trailCall("StopLogging", { name: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/main" }));
    const [byName] = runRule(rule, trailCall("DeleteTrail", { name: "main" }));
    const [other] = runRule(rule, trailCall("DeleteTrail", { name: "audit" }));
    expect(byArn.aggregationKey).toBe(byName.aggregationKey);
    expect(other.aggregationKey).not.toBe(byName.aggregationKey);
    expect(byArn.action).toMatchObject({ actionType: "AWS_API_CALL", api: "StopLogging", affectedResources: { "AWS::CloudTrail::Trail": expect.stringContaining("main") } });
  });

  describe("on real records", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-detonations.json");

    it("fires on the Stratus Red Team detonations of cloudtrail-stop and cloudtrail-event-selectors", () => {
      for (const technique of ["aws.defense-evasion.cloudtrail-stop", "aws.defense-evasion.cloudtrail-event-selectors"]) {
        const found = stratus[technique].flatMap((record) => types(runRule(rule, record)));
        expect(found).toEqual([TYPE]);
      }
    });

    const panther = [
      ...readFixture<PantherCase[]>("panther-cloudtrail-direct.json"),
      ...readFixture<PantherCase[]>("panther-cloudtrail-related.json"),
    ].filter((c) => c.guardduty_analog === TYPE);

    it.each(panther.map((c) => [c.rule_id, c.test_name, c.expected_result, c.log] as const))("agrees with Panther %s / %s (%s)", (_rule, _test, expected, log) => {
      expect(runRule(rule, pantherRecord(log)).length > 0).toBe(expected);
    });
  });
});
