import { apiCall, runRule, testContext, types } from "../../../testing/cloudtrail.js";
import { sensitiveCallDeniedRule as rule } from "./rule.js";

const TYPE = "Discovery:IAMUser/SensitiveCallDenied";

function deniedCall(eventSource: string, eventName: string, requestParameters: Record<string, unknown> | null = null, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: `${eventSource}.amazonaws.com`, eventName, requestParameters, errorCode: "AccessDenied", readOnly: false, ...extra });
}

describe(TYPE, () => {
  it.each([
    ["iam", "CreateAccessKey", { userName: "admin" }],
    ["iam", "AttachUserPolicy", { userName: "me", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }],
    ["iam", "PutRolePolicy", { roleName: "r" }],
    ["iam", "UpdateAssumeRolePolicy", { roleName: "r" }],
    ["secretsmanager", "GetSecretValue", { secretId: "prod/db" }],
    ["kms", "Decrypt", null],
    ["organizations", "DescribeOrganization", null],
    ["organizations", "ListAccounts", null],
    ["cloudtrail", "StopLogging", { name: "main" }],
    ["guardduty", "DeleteDetector", { detectorId: "d" }],
    ["ssm", "GetParameters", { names: ["/prod/db"], withDecryption: true }],
    ["sts", "AssumeRole", { roleArn: "arn:aws:iam::999988887777:role/admin", roleSessionName: "x" }],
    ["s3", "DeletePublicAccessBlock", { bucketName: "b" }],
  ])("fires on a refused %s %s", (source, name, parameters) => {
    const [found] = runRule(rule, deniedCall(source, name, parameters));
    expect(found.meta.type).toBe(TYPE);
    expect(found.severity).toBe(2);
  });

  it("reads EC2's refusal codes too", () => {
    expect(types(runRule(rule, deniedCall("ec2", "GetPasswordData", { instanceId: "i-1" }, { errorCode: "Client.UnauthorizedOperation" })))).toEqual([TYPE]);
  });

  it("does not fire on sensitive calls that succeeded or failed for other reasons", () => {
    expect(runRule(rule, deniedCall("iam", "CreateAccessKey", null, { errorCode: undefined }))).toEqual([]);
    expect(runRule(rule, deniedCall("iam", "CreateAccessKey", null, { errorCode: "LimitExceeded" }))).toEqual([]);
  });

  it("leaves a refused LeaveOrganization to organization-leave", () => {
    expect(runRule(rule, deniedCall("organizations", "LeaveOrganization"))).toEqual([]);
  });

  it("does not fire on refused calls that are not sensitive", () => {
    expect(runRule(rule, deniedCall("iam", "GetRole", { roleName: "r" }))).toEqual([]);
    expect(runRule(rule, deniedCall("ec2", "DescribeInstances"))).toEqual([]);
    expect(runRule(rule, deniedCall("ssm", "GetParameters", { names: ["/a"], withDecryption: false }))).toEqual([]);
  });

  it("leaves refused bucket policy and ACL changes alone: Block Public Access refuses public grants with the same code", () => {
    expect(runRule(rule, deniedCall("s3", "PutBucketPolicy", { bucketName: "b", policy: "{}" }))).toEqual([]);
    expect(runRule(rule, deniedCall("s3", "PutBucketAcl", { bucketName: "b", "x-amz-acl": ["public-read"] }))).toEqual([]);
  });

  it("treats roles of the organization, trusted accounts and the own account as inside", () => {
    const context = testContext({}, { affiliatedAccountIds: new Set(["222233334444"]), trustedAccountIds: new Set(["555566667777"]) });
    for (const account of ["111122223333", "222233334444", "555566667777"]) {
      expect(runRule(rule, deniedCall("sts", "AssumeRole", { roleArn: `arn:aws:iam::${account}:role/ci` }), context)).toEqual([]);
    }
  });

  it("leaves AWS services acting for the principal alone", () => {
    expect(runRule(rule, deniedCall("iam", "CreateServiceLinkedRole", null, { sourceIPAddress: "sqs.amazonaws.com", userAgent: "sqs.amazonaws.com" }))).toEqual([]);
    const invoked = deniedCall("iam", "CreateRole", null, {
      userIdentity: { type: "AssumedRole", principalId: "AROA:x", arn: "arn:aws:sts::111122223333:assumed-role/deploy/x", accountId: "111122223333", invokedBy: "cloudformation.amazonaws.com" },
    });
    expect(runRule(rule, invoked)).toEqual([]);
  });

  it("keys retries of one call by one principal together, and other calls apart", () => {
    const [first] = runRule(rule, deniedCall("iam", "CreateUser", { userName: "a" }));
    const [retry] = runRule(rule, deniedCall("iam", "CreateUser", { userName: "b" }));
    const [other] = runRule(rule, deniedCall("kms", "Decrypt"));
    expect(retry.aggregationKey).toBe(first.aggregationKey);
    expect(other.aggregationKey).not.toBe(first.aggregationKey);
  });
});
