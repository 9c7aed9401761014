import { apiCall, runRule, testContext } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { lambdaCodeChangedRule as rule } from "./rule.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { pantherRecord } from "../../../testing/panther.js";

const CODE_TYPE = "Persistence:IAMUser/LambdaCodeOverwritten";
const LAYER_TYPE = "Persistence:IAMUser/LambdaLayerAdded";
const OUTSIDE_LAYER = "arn:aws:lambda:eu-west-1:999988887777:layer:extension:4";
const OWN_LAYER = "arn:aws:lambda:eu-west-1:111122223333:layer:shared-libs:2";

const ROLE_SESSION = {
  type: "AssumedRole",
  principalId: "AROAEXAMPLEROLE00001:bob",
  arn: "arn:aws:sts::111122223333:assumed-role/admin/bob",
  accountId: "111122223333",
  sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/admin", userName: "admin", accountId: "111122223333" }, webIdFederationData: {} },
};
const GITHUB_ACTIONS = {
  ...ROLE_SESSION,
  arn: "arn:aws:sts::111122223333:assumed-role/deploy/GitHubActions",
  sessionContext: {
    sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/deploy", userName: "deploy", accountId: "111122223333" },
    webIdFederationData: { federatedProvider: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", attributes: {} },
  },
};
const BUILD_AGENT = { ...ROLE_SESSION, sessionContext: { ...ROLE_SESSION.sessionContext, ec2RoleDelivery: "2.0" } };
const CLOUDFORMATION = { ...ROLE_SESSION, invokedBy: "cloudformation.amazonaws.com" };

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
    ["a console or CLI role session", ROLE_SESSION],
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
    ["a web-identity CI session", GITHUB_ACTIONS],
    ["an EC2 build agent", BUILD_AGENT],
    ["CloudFormation", CLOUDFORMATION],
  ])("leaves code deploys by %s alone", (_who, userIdentity) => {
    expect(found(lambdaCall("UpdateFunctionCode20150331v2", codeUpdate, { userIdentity }))).toEqual([]);
  });

  it.each([
    ["an IAM user", undefined, SEVERITY.MEDIUM],
    ["a role session", ROLE_SESSION, SEVERITY.MEDIUM],
    ["a web-identity CI session", GITHUB_ACTIONS, SEVERITY.LOW],
    ["CloudFormation", CLOUDFORMATION, SEVERITY.LOW],
  ])("raises a layer from an outside account set by %s", (_who, userIdentity, severity) => {
    const record = lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api", layers: [OUTSIDE_LAYER] }, userIdentity ? { userIdentity } : {});
    expect(found(record)).toEqual([[LAYER_TYPE, severity]]);
  });

  it("raises an outside layer on a new function and names the account", () => {
    const [finding] = runRule(rule, lambdaCall("CreateFunction20150331", { functionName: "api", runtime: "python3.12", layers: [OWN_LAYER, OUTSIDE_LAYER] }));
    expect(finding.meta.type).toBe(LAYER_TYPE);
    expect(finding.action).toMatchObject({ remoteAccountDetails: { accountId: "999988887777", affiliated: false } });
    expect(finding.templateValues.origin).toContain("999988887777");
  });

  it("raises a Low layer of the account itself set by a person, read from the response when the request lacks it", () => {
    const record = lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api" }, { responseElements: { functionName: "api", layers: [{ arn: OWN_LAYER, codeSize: 10 }] } });
    expect(found(record)).toEqual([[LAYER_TYPE, SEVERITY.LOW]]);
  });

  it.each([
    ["the account's layer set by a pipeline", lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api", layers: [OWN_LAYER] }, { userIdentity: GITHUB_ACTIONS })],
    ["the account's layer on a new function", lambdaCall("CreateFunction20150331", { functionName: "api", layers: [OWN_LAYER] })],
    ["layers removed", lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api", layers: [] })],
    ["a configuration change without layers", lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api", timeout: 30 })],
    ["a failed code update", lambdaCall("UpdateFunctionCode20150331v2", codeUpdate, { errorCode: "AccessDeniedException" })],
  ])("does not fire on %s", (_name, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });

  it("does not fire on a layer of an account the operator trusts, set by a pipeline", () => {
    const trusted = testContext({}, { trustedAccountIds: new Set(["999988887777"]) });
    const record = lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api", layers: [OUTSIDE_LAYER] }, { userIdentity: GITHUB_ACTIONS });
    expect(runRule(rule, record, trusted)).toEqual([]);
  });

  it("renders every placeholder of the title and description", () => {
    for (const record of [lambdaCall("UpdateFunctionCode20150331v2", { functionName: "api" }), lambdaCall("UpdateFunctionConfiguration20150331v2", { functionName: "api", layers: [OWN_LAYER] })]) {
      const found = runRule(rule, record);
      expect(found).toHaveLength(1);
      expect(renderedText(found[0])).not.toContain("unknown");
    }
  });

  describe("on real records", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-persistence.json");
    const raised = (technique: string) => stratus[technique].flatMap((record) => runRule(rule, record)).map((candidate) => `${candidate.meta.type} ${candidate.templateValues.function}`);

    it("fires on the Stratus Red Team detonation that overwrites a function's code", () => {
      expect(raised("aws.persistence.lambda-overwrite-code")).toEqual([`${CODE_TYPE} stratus-red-team-olc-func-vayhjqkdav`]);
    });

    const panther = readFixture<PantherCase[]>("panther-persistence.json").filter((c) => ["AWS.Lambda.UpdateFunctionCode", "AWS.Lambda.UpdateFunctionConfiguration"].includes(c.rule_id));

    /** Cases where Vigil decides otherwise on purpose, and why. */
    const DELIBERATE = new Map<string, string>([
      ["AssumedRole Updates Lambda Code (Normal CI/CD)", "a plain role session carries no mark of a pipeline: stolen credentials look the same (Low)"],
      ["AssumedRole Updates Lambda Code v2 (Normal CI/CD)", "a plain role session carries no mark of a pipeline: stolen credentials look the same (Low)"],
      ["AssumedRole Updates Lambda Configuration with Layers (Normal CI/CD)", "a plain role session carries no mark of a pipeline: stolen credentials look the same (Low)"],
    ]);

    it.each(panther.map((c) => [c.rule_id, c.test_name, c.expected_result, c.log] as const))("agrees with Panther %s / %s (%s) unless deliberately not", (_rule, test, expected, log) => {
      expect(runRule(rule, pantherRecord(log)).length > 0).toBe(DELIBERATE.has(test) ? !expected : expected);
    });
  });
});
