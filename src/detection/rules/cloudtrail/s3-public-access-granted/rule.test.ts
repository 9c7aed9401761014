import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { s3PublicAccessGrantedRule as rule } from "./rule.js";

function s3Call(eventName: string, requestParameters: Record<string, unknown> | null, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "s3.amazonaws.com", eventName, readOnly: false, requestParameters, ...extra });
}

const PUBLIC_POLICY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::site/*" }] };

describe("Policy:S3/BucketAnonymousAccessGranted and BucketPublicAccessGranted", () => {
  it("fires on a bucket policy open to anyone, given as an object or as JSON text", () => {
    for (const bucketPolicy of [PUBLIC_POLICY, JSON.stringify(PUBLIC_POLICY)]) {
      const [candidate] = runRule(rule, s3Call("PutBucketPolicy", { bucketName: "site", bucketPolicy }));
      expect(candidate.meta.type).toBe("Policy:S3/BucketAnonymousAccessGranted");
      expect(candidate.resource.s3BucketDetails).toEqual([expect.objectContaining({ name: "site", publicAccess: { effectivePermission: "PUBLIC" } })]);
    }
  });

  it("fires on public ACLs, anonymous over authenticated when both are granted", () => {
    expect(types(runRule(rule, s3Call("PutBucketAcl", { bucketName: "site", "x-amz-acl": ["authenticated-read"] })))).toEqual(["Policy:S3/BucketPublicAccessGranted"]);
    const both = { bucketName: "site", "x-amz-acl": ["authenticated-read"], "x-amz-grant-read": ['uri="http://acs.amazonaws.com/groups/global/AllUsers"'] };
    expect(types(runRule(rule, s3Call("PutBucketAcl", both)))).toEqual(["Policy:S3/BucketAnonymousAccessGranted"]);
    expect(types(runRule(rule, s3Call("CreateBucket", { bucketName: "site", "x-amz-acl": ["public-read"] })))).toEqual(["Policy:S3/BucketAnonymousAccessGranted"]);
  });

  it("does not fire on private grants, failed calls, or policies that are not JSON", () => {
    expect(runRule(rule, s3Call("PutBucketAcl", { bucketName: "site", "x-amz-acl": ["private"] }))).toEqual([]);
    expect(runRule(rule, s3Call("PutBucketPolicy", { bucketName: "site", bucketPolicy: PUBLIC_POLICY }, { errorCode: "AccessDenied" }))).toEqual([]);
    expect(runRule(rule, s3Call("PutBucketPolicy", { bucketName: "site", bucketPolicy: "invalid-json-policy" }))).toEqual([]);
    expect(runRule(rule, s3Call("PutBucketPolicy", null))).toEqual([]);
  });

  describe("Panther's related cases on S3 buckets", () => {
    // Panther's rules cover every resource type (ECR, KMS, SQS…) and any PutBucketAcl; only S3 grants to the public are these types.
    const cases = readFixture<PantherCase[]>("panther-cloudtrail-related.json").filter(
      (c) => c.guardduty_analog?.startsWith("Policy:S3/Bucket") && c.log.eventSource === "s3.amazonaws.com",
    );
    const expected: Record<string, string[]> = {
      "S3 Made Publicly Accessible": ["Policy:S3/BucketAnonymousAccessGranted"],
    };
    it.each(cases.map((c) => [c.test_name, c] as const))("%s", (test, pantherCase) => {
      expect(types(runRule(rule, pantherRecord(pantherCase.log)))).toEqual(expected[test] ?? []);
    });
  });
});
