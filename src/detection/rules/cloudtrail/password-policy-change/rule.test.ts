import { SEVERITY } from "../../../engine/types.js";
import { apiCall, runRule } from "../../../testing/cloudtrail.js";
import { passwordPolicyChangeRule as rule } from "./rule.js";

function update(requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "iam.amazonaws.com", eventName: "UpdateAccountPasswordPolicy", readOnly: false, requestParameters, ...extra });
}

const STRONG = {
  minimumPasswordLength: 16,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  passwordReusePrevention: 24,
  maxPasswordAge: 90,
};

describe("Stealth:IAMUser/PasswordPolicyChange", () => {
  it("grades the severity by how weak the new policy is", () => {
    const severity = (parameters: Record<string, unknown>) => runRule(rule, update(parameters)).map((c) => c.severity);
    expect(severity(STRONG)).toEqual([]);
    expect(severity({ ...STRONG, passwordReusePrevention: 0 })).toEqual([SEVERITY.LOW]);
    expect(severity({ ...STRONG, minimumPasswordLength: 12 })).toEqual([SEVERITY.LOW]);
    expect(severity({ ...STRONG, minimumPasswordLength: 10, requireSymbols: false, requireNumbers: false, passwordReusePrevention: 0 })).toEqual([SEVERITY.MEDIUM]);
    expect(severity({ minimumPasswordLength: 6 })).toEqual([SEVERITY.HIGH]);
  });

  it("treats parameters left out as IAM's defaults (8 characters, nothing required)", () => {
    const [candidate] = runRule(rule, update({}));
    expect(candidate.severity).toBe(SEVERITY.MEDIUM);
    expect(candidate.additionalInfo?.weaknesses).toEqual(expect.arrayContaining(["no character classes required", "minimum length 8 (under 12)"]));
  });

  it("reads booleans and numbers logged as text", () => {
    const asText = { ...STRONG, minimumPasswordLength: "16", requireSymbols: "true", requireNumbers: "true", requireUppercaseCharacters: "true", requireLowercaseCharacters: "true", passwordReusePrevention: "24" };
    expect(runRule(rule, update(asText))).toEqual([]);
  });

  it("is High when the policy is deleted", () => {
    const deleted = apiCall({ eventSource: "iam.amazonaws.com", eventName: "DeleteAccountPasswordPolicy", requestParameters: null });
    expect(runRule(rule, deleted).map((c) => [c.meta.type, c.severity])).toEqual([["Stealth:IAMUser/PasswordPolicyChange", SEVERITY.HIGH]]);
  });

  it("ignores failed calls and other IAM calls", () => {
    expect(runRule(rule, update({ minimumPasswordLength: 6 }, { errorCode: "AccessDenied" }))).toEqual([]);
    expect(runRule(rule, apiCall({ eventSource: "iam.amazonaws.com", eventName: "GetAccountPasswordPolicy" }))).toEqual([]);
    expect(runRule(rule, apiCall({ eventSource: "iam.amazonaws.com", eventName: "ChangePassword", requestParameters: {} }))).toEqual([]);
  });
});
