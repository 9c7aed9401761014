import { apiCall, runRule, testContext } from "../../../testing/cloudtrail.js";
import { SEVERITY } from "../../../engine/types.js";
import { lambdaCodeChangedRule as rule } from "./rule.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { pantherRecord } from "../../../testing/panther.js";

const CODE_TYPE = "Persistence:IAMUser/LambdaCodeOverwritten";
const LAYER_TYPE = "Persistence:IAMUser/LambdaLayerAdded";
const OUTSIDE_LAYER = "arn:aws:lambda:eu-west-1:999988887777:layer:extension:4";
const OWN_LAYER = "arn:aws:lambda:eu-west-1:111122223333:layer:shared-libs:2";

const PIPELINE = {
  type: "AssumedRole",
  principalId: "AROAEXAMPLEROLE00001:GitHubActions",
  arn: "arn:aws:sts::111122223333:assumed-role/deploy/GitHubActions",
  accountId: "111122223333",
  sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/deploy", userName: "deploy", accountId: "111122223333" } },
};
const IDENTITY_CENTER = {
  ...PIPELINE,
  arn: "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Dev_0123/bob",
  sessionContext: {
    sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_0123", userName: "AWSReservedSSO_Dev_0123" },
  },
};
const CLOUDFORMATION = { ...PIPELINE, invokedBy: "cloudformation.amazonaws.com" };

function lambdaCall(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "lambda.amazonaws.com", eventName, readOnly: false, requestParameters, ...extra });
}

function found(record: Record<string, unknown>): Array<[string, number]> {
  return runRule(rule, record, testContext()).map((candidate) => [candidate.meta.type, candidate.severity]);
}

describe("Lambda code and layers changed", () => {
  const codeUpdate = { functionName: "arn:aws:lambda:eu-west-1:111122223333:function:api", publish: true };

  it.each([
    ["an IAM user", undefined],
    ["an Identity Center session", IDENTITY_CENTER],
  ])("raises a Low code overwrite by %s", (_who, userIdentity) => {
    const record = lambdaCall("UpdateFunctionCode20150331v2", codeUpdate, userIdentity ? { userIdentity } : {});
    expect(found(record)).toEqual([[CODE_TYPE, SEVERITY.LOW]]);
    expect(runRule(rule, record)[0].templateValues.function).toBe("api");
  });

  it("matches the API under any of its logged versions", () => {
    expect(found(lambdaCall("UpdateFunctionCode20150331", codeUpdate))).toEqual([[CODE_TYPE, SEVERITY.LOW]]);
    expect(found(lambdaCall("UpdateFunctionCode", codeUpdate))).toEqual([[CODE_TYPE, SEVERITY.LOW]]);
  });

  it.each([
    ["a pipeline's role session", PIPELINE],
    ["CloudFormation", CLOUDFORMATION],
  ])("leaves code deploys by %s alone", (_who, userIdentity) => {
    expect(found(lambdaCall("UpdateFunctionCode20150331v2", codeUpdate, { userIdentity }))).toEqual([]);
  });

  it.each([
    ["an IAM user", undefined, SEVERITY.MEDIUM],
    ["a pipeline", PIPELINE, SEVERITY.MEDIUM],
    ["CloudFormation", CLOUDFORMATION, SEVERITY.LOW],
  ])("raises a layer from an outside account set by %s", (_who, userIdentity, severity) => {
    const record = lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api", layers: [OUTSIDE_LAYER] }, userIdentity ? { userIdentity } : {});
    expect(found(record)).toEqual([[LAYER_TYPE, severity]]);
  });

  it("raises an outside layer on a new function and names the account", () => {
    const [finding] = runRule(rule, lambdaCall("CreateFunction20150331", { functionName: "api", runtime: "python3.12", layers: [OWN_LAYER, OUTSIDE_LAYER] }));
    expect(finding.meta.type).toBe(LAYER_TYPE);
    expect(finding.action).toMatchObject({ remoteAccountDetails: { accountId: "999988887777", affiliated: false } });
    expect(finding.templateValues.outsideNote).toContain("999988887777");
  });

  it("raises a Low layer of the account itself set by a person, read from the response when the request lacks it", () => {
    const record = lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api" }, { responseElements: { functionName: "api", layers: [{ arn: OWN_LAYER, codeSize: 10 }] } });
    expect(found(record)).toEqual([[LAYER_TYPE, SEVERITY.LOW]]);
  });

  it.each([
    ["the account's layer set by a pipeline", lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api", layers: [OWN_LAYER] }, { userIdentity: PIPELINE })],
    ["the account's layer on a new function", lambdaCall("CreateFunction20150331", { functionName: "api", layers: [OWN_LAYER] })],
    ["layers removed", lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api", layers: [] })],
    ["a configuration change without layers", lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api", timeout: 30 })],
    ["a failed code update", lambdaCall("UpdateFunctionCode20150331v2", codeUpdate, { errorCode: "AccessDeniedException" })],
  ])("does not fire on %s", (_name, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });

  it("does not fire on a layer of an account the operator trusts, set by a pipeline", () => {
    const trusted = testContext({}, { trustedAccountIds: new Set(["999988887777"]) });
    const record = lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api", layers: [OUTSIDE_LAYER] }, { userIdentity: PIPELINE });
    expect(runRule(rule, record, trusted)).toEqual([]);
  });

  describe("on real records", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-persistence.json");
    const raised = (technique: string) => stratus[technique].flatMap((record) => runRule(rule, record)).map((candidate) => `${candidate.meta.type} ${candidate.templateValues.function}`);

    it("fires on the Stratus Red Team detonation that overwrites a function's code", () => {
      expect(raised("aws.persistence.lambda-overwrite-code")).toEqual([`${CODE_TYPE} stratus-red-team-olc-func-vayhjqkdav`]);
    });

    const panther = readFixture<PantherCase[]>("panther-persistence.json").filter((c) => ["AWS.Lambda.UpdateFunctionCode", "AWS.Lambda.UpdateFunctionConfiguration"].includes(c.rule_id));

    it.each(panther.map((c) => [c.rule_id, c.test_name, c.expected_result, c.log] as const))("agrees with Panther %s / %s (%s)", (_rule, _test, expected, log) => {
      expect(runRule(rule, pantherRecord(log)).length > 0).toBe(expected);
    });
  });
});
