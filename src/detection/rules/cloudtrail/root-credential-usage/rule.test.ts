import { apiCall, runRule, testContext, types } from "../../../testing/cloudtrail.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { rootCredentialUsageRule as rule } from "./rule.js";

const ROOT = { type: "Root", principalId: "111122223333", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333", accessKeyId: "ASIAROOTSESSION00001" };

describe("Policy:IAMUser/RootCredentialUsage and ShortTermRootCredentialUsage", () => {
  it("fires on an API call made with root credentials", () => {
    const [candidate] = runRule(rule, apiCall({ userIdentity: ROOT, eventName: "ListUsers", eventSource: "iam.amazonaws.com" }));
    expect(candidate.meta.type).toBe("Policy:IAMUser/RootCredentialUsage");
    expect(candidate.resource.accessKeyDetails).toMatchObject({ userType: "Root", userName: "Root" });
  });

  it("fires on a successful root console sign-in, and on a root call AWS refused", () => {
    const signIn = apiCall({ userIdentity: ROOT, eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin", eventType: "AwsConsoleSignIn", responseElements: { ConsoleLogin: "Success" } });
    const denied = apiCall({ userIdentity: ROOT, eventName: "RunInstances", errorCode: "Client.UnauthorizedOperation" });
    expect(types(runRule(rule, signIn))).toEqual(["Policy:IAMUser/RootCredentialUsage"]);
    expect(types(runRule(rule, denied))).toEqual(["Policy:IAMUser/RootCredentialUsage"]);
  });

  it("does not fire when the root sign-in failed", () => {
    const failed = apiCall({ userIdentity: ROOT, eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin", responseElements: { ConsoleLogin: "Failure" } });
    expect(runRule(rule, failed)).toEqual([]);
  });

  it("does not fire for calls an AWS service made on the root's behalf, but does for the console front end", () => {
    const byService = apiCall({ userIdentity: { ...ROOT, invokedBy: "cloudformation.amazonaws.com" }, sourceIPAddress: "cloudformation.amazonaws.com" });
    const serviceEvent = apiCall({ userIdentity: ROOT, eventType: "AwsServiceEvent" });
    const console = apiCall({ userIdentity: { ...ROOT, invokedBy: "signin.amazonaws.com" }, eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey" });
    expect(runRule(rule, byService)).toEqual([]);
    expect(runRule(rule, serviceEvent)).toEqual([]);
    expect(types(runRule(rule, console))).toEqual(["Policy:IAMUser/RootCredentialUsage"]);
  });

  it("does not fire for other identities", () => {
    expect(runRule(rule, apiCall())).toEqual([]);
    expect(runRule(rule, apiCall({ userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/Admin/root" } }))).toEqual([]);
  });

  it("raises ShortTermRootCredentialUsage for a privileged session opened with sts:AssumeRoot", () => {
    const session = { ...ROOT, sessionContext: { attributes: { creationDate: "2026-03-01T09:58:00Z", mfaAuthenticated: "false" }, assumedRoot: "true" } };
    const call = apiCall({ userIdentity: session, eventSource: "s3.amazonaws.com", eventName: "DeleteBucketPolicy", requestParameters: { bucketName: "locked" } });
    expect(types(runRule(rule, call))).toEqual(["Policy:IAMUser/ShortTermRootCredentialUsage"]);
  });

  it("counts root S3 data events only with S3 Protection on", () => {
    const read = apiCall({ userIdentity: ROOT, eventSource: "s3.amazonaws.com", eventName: "GetObject", eventCategory: "Data", requestParameters: { bucketName: "b", key: "k" } });
    expect(types(runRule(rule, read))).toEqual(["Policy:IAMUser/RootCredentialUsage"]);
    expect(runRule(rule, read, testContext({}, { s3DataEvents: false }))).toEqual([]);
  });

  it("keys one finding per account", () => {
    const [a] = runRule(rule, apiCall({ userIdentity: ROOT, eventName: "ListUsers" }));
    const [b] = runRule(rule, apiCall({ userIdentity: ROOT, eventName: "DescribeVpcs", eventID: "other" }));
    expect(a.aggregationKey).toBe(b.aggregationKey);
  });

  describe("Panther's direct cases", () => {
    const cases = readFixture<PantherCase[]>("panther-cloudtrail-direct.json").filter((c) => c.guardduty_analog === "Policy:IAMUser/RootCredentialUsage");
    // Panther's "Root Created Access Key For User" is a root call too; its label is about the key's owner, not root use.
    const rootUse = (c: PantherCase) => c.expected_result || c.test_name === "Root Created Access Key For User";
    it.each(cases.map((c) => [c.rule_id, c.test_name, c] as const))("%s / %s", (_rule, _test, pantherCase) => {
      expect(runRule(rule, pantherRecord(pantherCase.log)).length > 0).toBe(rootUse(pantherCase));
    });
  });
});
