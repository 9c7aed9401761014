import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { s3ServerAccessLoggingRule as rule } from "./rule.js";

function putLogging(requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "s3.amazonaws.com", eventName: "PutBucketLogging", readOnly: false, requestParameters, ...extra });
}

describe("Stealth:S3/ServerAccessLoggingDisabled", () => {
  it("fires when the logging status has no LoggingEnabled element", () => {
    const off = putLogging({ bucketName: "data", BucketLoggingStatus: { xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" } });
    const [candidate] = runRule(rule, off);
    expect(candidate.meta.type).toBe("Stealth:S3/ServerAccessLoggingDisabled");
    expect(candidate.aggregationKey).toBe("111122223333|data");
  });

  it("does not fire when logging is enabled, not described, or the call failed", () => {
    expect(runRule(rule, putLogging({ bucketName: "data", BucketLoggingStatus: { LoggingEnabled: { TargetBucket: "logs", TargetPrefix: "data/" } } }))).toEqual([]);
    expect(runRule(rule, putLogging({ bucketName: "data" }))).toEqual([]);
    expect(runRule(rule, putLogging({ bucketName: "data", BucketLoggingStatus: {} }, { errorCode: "AccessDenied" }))).toEqual([]);
  });

  describe("Panther's direct cases", () => {
    const cases = readFixture<PantherCase[]>("panther-cloudtrail-direct.json").filter((c) => c.guardduty_analog === "Stealth:S3/ServerAccessLoggingDisabled");
    it.each(cases.map((c) => [c.test_name, c] as const))("%s", (_test, pantherCase) => {
      expect(types(runRule(rule, pantherRecord(pantherCase.log))).length > 0).toBe(pantherCase.expected_result);
    });
  });
});
