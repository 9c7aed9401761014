import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { s3BlockPublicAccessRule as rule } from "./rule.js";

const ALL_OFF = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
const ALL_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

function s3Call(eventName: string, requestParameters: Record<string, unknown> | null, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "s3.amazonaws.com", eventName, readOnly: false, requestParameters, ...extra });
}

describe("Policy:S3/BucketBlockPublicAccessDisabled and AccountBlockPublicAccessDisabled", () => {
  it("fires for a bucket whose Block Public Access is deleted or switched off (even partly)", () => {
    expect(types(runRule(rule, s3Call("DeleteBucketPublicAccessBlock", { bucketName: "web" })))).toEqual(["Policy:S3/BucketBlockPublicAccessDisabled"]);
    const partly = s3Call("PutBucketPublicAccessBlock", { bucketName: "web", PublicAccessBlockConfiguration: { ...ALL_ON, BlockPublicPolicy: "false" } });
    const [candidate] = runRule(rule, partly);
    expect(candidate.meta.type).toBe("Policy:S3/BucketBlockPublicAccessDisabled");
    expect(candidate.additionalInfo?.disabledProtections).toEqual(["BlockPublicPolicy"]);
    expect(candidate.resource).toMatchObject({ resourceType: "S3Bucket", s3BucketDetails: [{ name: "web" }] });
  });

  it("fires for the account-level configuration", () => {
    expect(types(runRule(rule, s3Call("PutAccountPublicAccessBlock", { PublicAccessBlockConfiguration: ALL_OFF })))).toEqual(["Policy:S3/AccountBlockPublicAccessDisabled"]);
    expect(types(runRule(rule, s3Call("DeleteAccountPublicAccessBlock", {})))).toEqual(["Policy:S3/AccountBlockPublicAccessDisabled"]);
    expect(types(runRule(rule, s3Call("PutPublicAccessBlock", { PublicAccessBlockConfiguration: ALL_OFF })))).toEqual(["Policy:S3/AccountBlockPublicAccessDisabled"]);
  });

  it("does not fire when protections stay on, when the configuration is not logged, or when the call failed", () => {
    expect(runRule(rule, s3Call("PutBucketPublicAccessBlock", { bucketName: "web", PublicAccessBlockConfiguration: ALL_ON }))).toEqual([]);
    expect(runRule(rule, s3Call("PutBucketPublicAccessBlock", { bucketName: "web" }))).toEqual([]);
    expect(runRule(rule, s3Call("DeleteBucketPublicAccessBlock", { bucketName: "web" }, { errorCode: "AccessDenied" }))).toEqual([]);
  });

  describe("Panther's direct cases", () => {
    const cases = readFixture<PantherCase[]>("panther-cloudtrail-direct.json").filter((c) => c.guardduty_analog === "Policy:S3/BucketBlockPublicAccessDisabled");
    it.each(cases.map((c) => [c.test_name, c] as const))("%s", (_test, pantherCase) => {
      expect(runRule(rule, pantherRecord(pantherCase.log)).length > 0).toBe(pantherCase.expected_result);
    });
  });
});
