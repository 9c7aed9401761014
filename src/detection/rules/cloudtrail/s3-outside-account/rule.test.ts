import { apiCall, runRule, testContext, types } from "../../../testing/cloudtrail.js";
import { s3OutsideAccountRule as rule } from "./rule.js";

const OUTSIDE = "999988887777";
const POLICY_TYPE = "Exfiltration:S3/BucketAccessGrantedToOutsideAccount";
const REPLICATION_TYPE = "Exfiltration:S3/ReplicationToOutsideAccount";

function s3Call(eventName: string, requestParameters: Record<string, unknown> | null, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "s3.amazonaws.com", eventName, readOnly: false, requestParameters, ...extra });
}

function bucketPolicy(principal: unknown, condition?: Record<string, unknown>) {
  const statement = { Effect: "Allow", Principal: principal, Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::data", "arn:aws:s3:::data/*"] };
  return { Version: "2012-10-17", Statement: [condition ? { ...statement, Condition: condition } : statement] };
}

function replication(destination: Record<string, unknown>, status = "Enabled") {
  return {
    bucketName: "data",
    ReplicationConfiguration: { Role: "arn:aws:iam::111122223333:role/replication", Rule: { ID: "r1", Status: status, Destination: destination } },
  };
}

describe("Exfiltration:S3/BucketAccessGrantedToOutsideAccount", () => {
  it("fires on a bucket policy granting an outside account, as an object or JSON text", () => {
    for (const policy of [bucketPolicy({ AWS: `arn:aws:iam::${OUTSIDE}:root` }), JSON.stringify(bucketPolicy({ AWS: OUTSIDE }))]) {
      const [candidate] = runRule(rule, s3Call("PutBucketPolicy", { bucketName: "data", bucketPolicy: policy }));
      expect(candidate.meta.type).toBe(POLICY_TYPE);
      expect(candidate.templateValues).toMatchObject({ bucket: "data", accounts: OUTSIDE });
      expect(candidate.resource.s3BucketDetails).toEqual([expect.objectContaining({ name: "data" })]);
      expect(candidate.action).toMatchObject({ remoteAccountDetails: { accountId: OUTSIDE, affiliated: false } });
    }
  });

  it.each([
    ["the own account", bucketPolicy({ AWS: "arn:aws:iam::111122223333:role/app" })],
    ["a service principal", bucketPolicy({ Service: "logging.s3.amazonaws.com" })],
    ["the load balancer log-delivery account of us-east-1", bucketPolicy({ AWS: "arn:aws:iam::127311923021:root" })],
    ["everyone (s3-public-access-granted's finding)", bucketPolicy("*")],
    ["an outside account pinned to the organization", bucketPolicy({ AWS: OUTSIDE }, { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } })],
  ])("does not fire on a policy granting %s", (_case, policy) => {
    expect(runRule(rule, s3Call("PutBucketPolicy", { bucketName: "data", bucketPolicy: policy }))).toEqual([]);
  });

  it("does not fire for accounts of the organization or trusted by the operator", () => {
    const record = s3Call("PutBucketPolicy", { bucketName: "data", bucketPolicy: bucketPolicy({ AWS: OUTSIDE }) });
    expect(runRule(rule, record, testContext({}, { affiliatedAccountIds: new Set([OUTSIDE]) }))).toEqual([]);
    expect(runRule(rule, record, testContext({}, { trustedAccountIds: new Set([OUTSIDE]) }))).toEqual([]);
  });

  it("does not fire when the call failed", () => {
    const record = s3Call("PutBucketPolicy", { bucketName: "data", bucketPolicy: bucketPolicy({ AWS: OUTSIDE }) }, { errorCode: "AccessDenied" });
    expect(runRule(rule, record)).toEqual([]);
  });
});

describe("Exfiltration:S3/ReplicationToOutsideAccount", () => {
  it("fires on replication to a bucket an outside account owns", () => {
    const destination = { Bucket: "arn:aws:s3:::drop", Account: OUTSIDE, AccessControlTranslation: { Owner: "Destination" } };
    const [candidate] = runRule(rule, s3Call("PutBucketReplication", replication(destination)));
    expect(candidate.meta.type).toBe(REPLICATION_TYPE);
    expect(candidate.templateValues.destinations).toBe(`arn:aws:s3:::drop (account ${OUTSIDE})`);
  });

  it.each([
    ["a destination of the own account", { Bucket: "arn:aws:s3:::replica", Account: "111122223333" }],
    ["a destination naming no account (taken as the own account's)", { Bucket: "arn:aws:s3:::replica" }],
  ])("does not fire on %s", (_case, destination) => {
    expect(runRule(rule, s3Call("PutBucketReplication", replication(destination)))).toEqual([]);
  });

  it("does not fire on a disabled rule or a failed call", () => {
    const destination = { Bucket: "arn:aws:s3:::drop", Account: OUTSIDE };
    expect(runRule(rule, s3Call("PutBucketReplication", replication(destination, "Disabled")))).toEqual([]);
    expect(runRule(rule, s3Call("PutBucketReplication", replication(destination), { errorCode: "AccessDenied" }))).toEqual([]);
  });

  it("keys both types on the bucket", () => {
    const [byPolicy] = runRule(rule, s3Call("PutBucketPolicy", { bucketName: "data", bucketPolicy: bucketPolicy({ AWS: OUTSIDE }) }));
    const [byReplication] = runRule(rule, s3Call("PutBucketReplication", replication({ Bucket: "arn:aws:s3:::drop", Account: OUTSIDE })));
    expect(types([byPolicy, byReplication])).toEqual([POLICY_TYPE, REPLICATION_TYPE]);
    expect(byPolicy.aggregationKey).toBe(byReplication.aggregationKey);
  });
});
