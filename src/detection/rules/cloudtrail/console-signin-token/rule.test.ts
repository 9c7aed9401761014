import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { pantherRecord } from "../../../testing/panther.js";
import { consoleSigninTokenRule as rule } from "./rule.js";

const TYPE = "DefenseEvasion:IAMUser/ConsoleSessionFromAccessKeys";

function signinToken(userIdentity: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({
    eventSource: "signin.amazonaws.com",
    eventName: "GetSigninToken",
    eventType: "AwsConsoleSignIn",
    userIdentity,
    responseElements: { GetSigninToken: "Success" },
    ...extra,
  });
}

const federated = {
  type: "FederatedUser",
  principalId: "111122223333:console",
  arn: "arn:aws:sts::111122223333:federated-user/console",
  accountId: "111122223333",
  accessKeyId: "ASIAEXAMPLE000000001",
  sessionContext: { sessionIssuer: { type: "IAMUser", userName: "alice", arn: "arn:aws:iam::111122223333:user/alice" } },
};
const role = (name: string, path = "") => ({
  type: "AssumedRole",
  principalId: `AROAEXAMPLE:${name}-session`,
  arn: `arn:aws:sts::111122223333:assumed-role/${name}/session`,
  accountId: "111122223333",
  accessKeyId: "ASIAEXAMPLE000000002",
  sessionContext: { sessionIssuer: { type: "Role", userName: name, arn: `arn:aws:iam::111122223333:role/${path}${name}` } },
});

describe("DefenseEvasion:IAMUser/ConsoleSessionFromAccessKeys", () => {
  it("fires Medium for a federated user, made from an IAM user's long-term keys", () => {
    const found = runRule(rule, signinToken(federated));
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([[TYPE, 5]]);
    expect(found[0].aggregationKey).toBe("111122223333|111122223333:console");
  });

  it("fires Low for a role session", () => {
    expect(runRule(rule, signinToken(role("Deploy"))).map((c) => c.severity)).toEqual([3]);
  });

  it("stays quiet on IAM Identity Center's portal, on failures and on other identities", () => {
    expect(runRule(rule, signinToken(role("AWSReservedSSO_Admin_0123", "aws-reserved/sso.amazonaws.com/eu-west-1/")))).toEqual([]);
    expect(runRule(rule, signinToken(federated, { responseElements: { GetSigninToken: "Failure" } }))).toEqual([]);
    expect(runRule(rule, signinToken(federated, { errorCode: "AccessDenied" }))).toEqual([]);
    expect(runRule(rule, signinToken({ type: "IAMUser", userName: "alice", arn: "arn:aws:iam::111122223333:user/alice" }))).toEqual([]);
  });

  it("agrees with Panther's GetSigninToken.Abuse cases", () => {
    const suspicious = pantherRecord({
      eventSource: "signin.amazonaws.com",
      eventName: "GetSigninToken",
      sourceIPAddress: "203.0.113.50",
      userIdentity: { accessKeyId: "ASIAIOSFODNN7EXAMPLE", accountId: "123456789012", arn: "arn:aws:sts::123456789012:assumed-role/MyRole/session", type: "AssumedRole" },
    });
    const sso = pantherRecord({
      eventSource: "signin.amazonaws.com",
      eventName: "GetSigninToken",
      sourceIPAddress: "10.0.0.1",
      userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin/user@example.com" },
    });
    expect(types(runRule(rule, suspicious))).toEqual([TYPE]);
    expect(runRule(rule, sso)).toEqual([]);
  });
});
