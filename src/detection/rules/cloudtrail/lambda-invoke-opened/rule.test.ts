import { apiCall, runRule, testContext } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { lambdaInvokeOpenedRule as rule } from "./rule.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { pantherRecord } from "../../../testing/panther.js";

const TYPE = "Persistence:IAMUser/LambdaFunctionOpenedToOutsiders";

function lambdaCall(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "lambda.amazonaws.com", eventName, readOnly: false, requestParameters, ...extra });
}

function permission(extra: Record<string, unknown>) {
  return lambdaCall("AddPermission20150331v2", { functionName: "api", statementId: "s1", action: "lambda:InvokeFunction", ...extra });
}

const context = testContext({}, { affiliatedAccountIds: new Set(["222233334444"]) });

function found(record: Record<string, unknown>): Array<[string, number]> {
  return runRule(rule, record, context).map((candidate) => [candidate.meta.type, candidate.severity]);
}

describe("Persistence:IAMUser/LambdaFunctionOpenedToOutsiders", () => {
  it.each([
    ["anyone", permission({ principal: "*" }), SEVERITY.HIGH],
    ["anyone, through an unauthenticated URL", permission({ principal: "*", action: "lambda:InvokeFunctionUrl", functionUrlAuthType: "NONE" }), SEVERITY.HIGH],
    ["an outside account id", permission({ principal: "999988887777" }), SEVERITY.MEDIUM],
    ["an outside account's role", permission({ principal: "arn:aws:iam::999988887777:role/x" }), SEVERITY.MEDIUM],
    ["the older API version", lambdaCall("AddPermission20150331", { functionName: "api", principal: "*", action: "lambda:InvokeFunction" }), SEVERITY.HIGH],
    ["a URL created without authentication", lambdaCall("CreateFunctionUrlConfig20211031", { functionName: "api", authType: "NONE" }), SEVERITY.MEDIUM],
    ["a URL changed to no authentication", lambdaCall("UpdateFunctionUrlConfig20211031", { functionName: "api", authType: "NONE" }), SEVERITY.MEDIUM],
  ])("fires when the function is opened to %s", (_who, record, severity) => {
    expect(found(record)).toEqual([[TYPE, severity]]);
  });

  it("names the function and the outside account", () => {
    const [finding] = runRule(rule, permission({ functionName: "arn:aws:lambda:eu-west-1:111122223333:function:api:live", principal: "999988887777" }), context);
    expect(finding.templateValues).toMatchObject({ function: "api", who: "account 999988887777" });
    expect(finding.action).toMatchObject({ remoteAccountDetails: { accountId: "999988887777", affiliated: false }, affectedResources: { "AWS::Lambda::Function": "api" } });
  });

  it.each([
    ["a permission for an AWS service", permission({ principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::uploads" })],
    ["a permission for an AWS service without a source condition", permission({ principal: "events.amazonaws.com" })],
    ["\"*\" pinned to a source account", permission({ principal: "*", sourceAccount: "111122223333" })],
    ["\"*\" pinned to the organization", permission({ principal: "*", principalOrgID: "o-abc123" })],
    ["a permission for the account itself", permission({ principal: "arn:aws:iam::111122223333:root" })],
    ["a permission for an organization member", permission({ principal: "222233334444" })],
    ["a URL with IAM authentication", lambdaCall("CreateFunctionUrlConfig20211031", { functionName: "api", authType: "AWS_IAM" })],
    ["a removed permission", lambdaCall("RemovePermission20150331v2", { functionName: "api", statementId: "s1" })],
    ["a failed call", lambdaCall("AddPermission20150331v2", { functionName: "api", principal: "*" }, { errorCode: "AccessDeniedException" })],
  ])("does not fire on %s", (_who, record) => {
    expect(runRule(rule, record, context)).toEqual([]);
  });

  it("keys a public URL and its permission to one finding", () => {
    const [url] = runRule(rule, lambdaCall("CreateFunctionUrlConfig20211031", { functionName: "api", authType: "NONE" }), context);
    const [invoke] = runRule(rule, permission({ principal: "*", action: "lambda:InvokeFunctionUrl", functionUrlAuthType: "NONE" }), context);
    expect(invoke.aggregationKey).toBe(url.aggregationKey);
  });

  it("renders every placeholder of the title and description", () => {
    for (const record of [permission({ principal: "999988887777" }), lambdaCall("CreateFunctionUrlConfig20211031", { functionName: "api", authType: "NONE" })]) {
      const found = runRule(rule, record, context);
      expect(found).toHaveLength(1);
      expect(renderedText(found[0])).not.toContain("unknown");
    }
  });

  describe("on real records", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-persistence.json");
    const raised = (technique: string) => stratus[technique].flatMap((record) => runRule(rule, record)).map((candidate) => `${candidate.meta.type} ${candidate.templateValues.who}`);

    it("fires on the Stratus Red Team detonation that lets anyone invoke a function", () => {
      expect(raised("aws.persistence.lambda-backdoor-function")).toEqual([`${TYPE} anyone`]);
    });

    const panther = readFixture<PantherCase[]>("panther-persistence.json").filter((c) => ["AWS.Potential.Backdoor.Lambda"].includes(c.rule_id));
    /** Cases where Vigil decides otherwise on purpose, and why. */
    const DELIBERATE = new Map<string, string>([
      ["Lambda Add Permission Event", "the record logs no principal: a permission for an AWS service or the account itself is ordinary wiring"],
      ["Lambda Add Permission Event v2", "the record logs no principal: a permission for an AWS service or the account itself is ordinary wiring"],
    ]);

    it.each(panther.map((c) => [c.rule_id, c.test_name, c.expected_result, c.log] as const))("agrees with Panther %s / %s (%s) unless deliberately not", (_rule, test, expected, log) => {
      expect(runRule(rule, pantherRecord(log)).length > 0).toBe(DELIBERATE.has(test) ? !expected : expected);
    });
  });
});
