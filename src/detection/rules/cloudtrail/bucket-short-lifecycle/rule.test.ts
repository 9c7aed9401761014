import { apiCall, runRule } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { bucketShortLifecycleRule as rule } from "./rule.js";

const TYPE = "DefenseEvasion:IAMUser/BucketShortLifecycle";
const XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

function putLifecycle(bucketName: string, Rule: unknown, extra: Record<string, unknown> = {}) {
  return apiCall({
    eventSource: "s3.amazonaws.com",
    eventName: "PutBucketLifecycle",
    readOnly: false,
    requestParameters: { bucketName, Host: `${bucketName}.s3.eu-west-1.amazonaws.com`, lifecycle: "", LifecycleConfiguration: { xmlns: XMLNS, Rule } },
    ...extra,
  });
}

const oneDayAll = { ID: "expire", Status: "Enabled", Filter: { Prefix: "" }, Expiration: { Days: "1" } };

describe(TYPE, () => {
  it("fires at Medium when a log bucket's every object expires after a day", () => {
    const [candidate] = runRule(rule, putLifecycle("org-trail-logs", oneDayAll));
    expect([candidate.meta.type, candidate.severity]).toEqual([TYPE, SEVERITY.MEDIUM]);
    expect(candidate.templateValues).toMatchObject({ bucket: "org-trail-logs", days: "1 day", scope: "every object", ruleId: "expire" });
    expect(candidate.aggregationKey).toBe("111122223333|org-trail-logs");
    expect(renderedText(candidate)).not.toContain("unknown");
  });

  it("fires at Medium on CloudTrail's AWSLogs/ prefix whatever the bucket is called", () => {
    const rule2 = { ID: "r", Status: "Enabled", Filter: { Prefix: "AWSLogs/" }, Expiration: { Days: 2 } };
    const [candidate] = runRule(rule, putLifecycle("acme-archive", rule2));
    expect([candidate.severity, candidate.templateValues.scope]).toEqual([SEVERITY.MEDIUM, "the objects under AWSLogs/"]);
  });

  it("fires at Low on a whole-bucket short expiry of a bucket that does not say it holds logs", () => {
    expect(runRule(rule, putLifecycle("acme-data", oneDayAll))[0].severity).toBe(SEVERITY.LOW);
  });

  it("finds the short rule among several, with the legacy rule-level prefix and an expiry date", () => {
    const rules = [
      { ID: "old-versions", Status: "Enabled", Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
      { ID: "legacy", Status: "Enabled", Prefix: "", Expiration: { Date: "2026-03-02T00:00:00.000Z" } },
    ];
    const [candidate] = runRule(rule, putLifecycle("audit-bucket", rules));
    expect(candidate.templateValues).toMatchObject({ ruleId: "legacy", days: "1 day" });
  });

  it.each([
    ["a retention of 90 days", { ...oneDayAll, Expiration: { Days: 90 } }],
    ["a disabled rule", { ...oneDayAll, Status: "Disabled" }],
    ["an ordinary prefix", { ...oneDayAll, Filter: { Prefix: "tmp/" } }],
    ["a tag filter", { ...oneDayAll, Filter: { Tag: { Key: "scratch", Value: "true" } } }],
    ["a prefix and tag filter", { ...oneDayAll, Filter: { And: { Prefix: "", Tag: { Key: "scratch", Value: "true" } } } }],
    ["noncurrent versions only", { ID: "nc", Status: "Enabled", Filter: { Prefix: "" }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }],
    ["aborting uploads only", { ID: "mpu", Status: "Enabled", Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }],
  ])("does not fire on %s", (_case, lifecycleRule) => {
    expect(runRule(rule, putLifecycle("org-trail-logs", lifecycleRule))).toEqual([]);
  });

  it("does not fire on a failed call, and is Low when an AWS service sets it for the account", () => {
    expect(runRule(rule, putLifecycle("org-trail-logs", oneDayAll, { errorCode: "AccessDenied" }))).toEqual([]);
    const identity = { ...(apiCall().userIdentity as object), invokedBy: "cloudformation.amazonaws.com" };
    expect(runRule(rule, putLifecycle("org-trail-logs", oneDayAll, { userIdentity: identity }))[0].severity).toBe(SEVERITY.LOW);
  });
});
