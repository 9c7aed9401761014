import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { consoleLoginWithoutMfaRule as rule } from "./rule.js";

const TYPE = "InitialAccess:IAMUser/ConsoleLoginWithoutMFA";

function consoleLogin(outcome: string, mfaUsed: string, extra: Record<string, unknown> = {}, additional: Record<string, unknown> = {}) {
  return apiCall({
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    eventType: "AwsConsoleSignIn",
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
    readOnly: false,
    responseElements: { ConsoleLogin: outcome },
    additionalEventData: { LoginTo: "https://console.aws.amazon.com/console/home", MobileVersion: "No", MFAUsed: mfaUsed, ...additional },
    ...extra,
  });
}

const root = { type: "Root", principalId: "111122223333", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333", accessKeyId: "" };
const ssoSession = {
  type: "AssumedRole",
  principalId: "AROAEXAMPLE:alice@example.com",
  arn: "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/alice@example.com",
  accountId: "111122223333",
  sessionContext: { attributes: { mfaAuthenticated: "false" }, sessionIssuer: { type: "Role", userName: "AWSReservedSSO_Admin_0123" } },
};

describe("InitialAccess:IAMUser/ConsoleLoginWithoutMFA", () => {
  it("fires Medium on an IAM user's successful sign-in without MFA, keyed on the user", () => {
    const found = runRule(rule, consoleLogin("Success", "No"));
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([[TYPE, 5]]);
    expect(found[0].aggregationKey).toBe("111122223333|AIDAEXAMPLEUSER00001");
    expect(found[0].templateValues.userName).toBe("alice");
  });

  it("fires High for the root user", () => {
    expect(runRule(rule, consoleLogin("Success", "No", { userIdentity: root })).map((c) => c.severity)).toEqual([8]);
  });

  it("stays quiet with MFA, on failed sign-ins and on other signin events", () => {
    expect(runRule(rule, consoleLogin("Success", "Yes"))).toEqual([]);
    expect(runRule(rule, consoleLogin("Failure", "No", { errorMessage: "Failed authentication" }))).toEqual([]);
    expect(runRule(rule, { ...consoleLogin("Success", "No"), eventName: "CheckMfa" })).toEqual([]);
  });

  it("stays quiet on federated sessions whose MFA is the identity provider's", () => {
    expect(runRule(rule, consoleLogin("Success", "No", { userIdentity: ssoSession }))).toEqual([]);
    const federated = { type: "FederatedUser", principalId: "111122223333:bob", arn: "arn:aws:sts::111122223333:federated-user/bob", accountId: "111122223333" };
    expect(runRule(rule, consoleLogin("Success", "No", { userIdentity: federated }))).toEqual([]);
    expect(runRule(rule, consoleLogin("Success", "No", {}, { SamlProviderArn: "arn:aws:iam::111122223333:saml-provider/Corp" }))).toEqual([]);
  });

  it("fires only on ConsoleLogin of the sign-in service", () => {
    expect(types(runRule(rule, { ...consoleLogin("Success", "No"), eventSource: "ec2.amazonaws.com" }))).toEqual([]);
  });
});
