import { apiCall, runRule } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { iamAdminGrantedRule as rule } from "./rule.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { pantherRecord } from "../../../testing/panther.js";

const TYPE = "PrivilegeEscalation:IAMUser/AdministratorAccessGranted";
const ADMIN_DOCUMENT = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
const SCOPED_DOCUMENT = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::logs/*" }] });

function iamCall(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "iam.amazonaws.com", eventName, readOnly: false, awsRegion: "us-east-1", requestParameters, ...extra });
}

function severityOf(record: Record<string, unknown>): number | undefined {
  const found = runRule(rule, record);
  expect(found.every((candidate) => candidate.meta.type === TYPE)).toBe(true);
  return found[0]?.severity;
}

describe("PrivilegeEscalation:IAMUser/AdministratorAccessGranted", () => {
  it.each([
    ["AttachUserPolicy", { userName: "bob", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, SEVERITY.HIGH],
    ["AttachRolePolicy", { roleName: "ops", policyArn: "arn:aws:iam::aws:policy/IAMFullAccess" }, SEVERITY.HIGH],
    ["AttachGroupPolicy", { groupName: "devs", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" }, SEVERITY.MEDIUM],
    ["AttachRolePolicy", { roleName: "gov", policyArn: "arn:aws-us-gov:iam::aws:policy/AdministratorAccess" }, SEVERITY.HIGH],
    ["PutUserPolicy", { userName: "bob", policyName: "p", policyDocument: ADMIN_DOCUMENT }, SEVERITY.HIGH],
    ["PutRolePolicy", { roleName: "ops", policyName: "p", policyDocument: encodeURIComponent(ADMIN_DOCUMENT) }, SEVERITY.HIGH],
    [
      "PutGroupPolicy",
      { groupName: "devs", policyName: "p", policyDocument: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["iam:*"], Resource: "*" }] }) },
      SEVERITY.HIGH,
    ],
    ["CreatePolicyVersion", { policyArn: "arn:aws:iam::111122223333:policy/app", policyDocument: ADMIN_DOCUMENT, setAsDefault: true }, SEVERITY.HIGH],
    ["AddUserToGroup", { userName: "bob", groupName: "admins" }, SEVERITY.LOW],
  ])("fires on %s granting administrator power (%j)", (eventName, parameters, severity) => {
    expect(severityOf(iamCall(eventName, parameters))).toBe(severity);
  });

  it("names the target and the grant", () => {
    const [finding] = runRule(rule, iamCall("AttachUserPolicy", { userName: "bob", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }));
    expect(finding.templateValues).toMatchObject({ target: "user bob", grant: "the AWS-managed policy AdministratorAccess" });
    expect(finding.action).toMatchObject({ affectedResources: { "AWS::IAM::User": "bob" } });
  });

  it.each([
    ["AttachUserPolicy", { userName: "bob", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
    ["AttachRolePolicy", { roleName: "lambda", policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }],
    ["AttachRolePolicy", { roleName: "ops", policyArn: "arn:aws:iam::111122223333:policy/AdministratorAccess" }],
    ["PutRolePolicy", { roleName: "ops", policyName: "p", policyDocument: SCOPED_DOCUMENT }],
    ["CreatePolicyVersion", { policyArn: "arn:aws:iam::111122223333:policy/app", policyDocument: ADMIN_DOCUMENT, setAsDefault: false }],
    ["CreatePolicyVersion", { policyArn: "arn:aws:iam::111122223333:policy/app", policyDocument: ADMIN_DOCUMENT }],
    ["DetachUserPolicy", { userName: "bob", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }],
    ["CreatePolicy", { policyName: "app", policyDocument: ADMIN_DOCUMENT }],
  ])("does not fire on %s that grants no administrator power (%j)", (eventName, parameters) => {
    expect(runRule(rule, iamCall(eventName, parameters))).toEqual([]);
  });

  it("does not fire when the call failed", () => {
    const record = iamCall("AttachUserPolicy", { userName: "bob", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, { errorCode: "AccessDenied" });
    expect(runRule(rule, record)).toEqual([]);
  });

  it("lowers a grant CloudFormation made for a stack to Low", () => {
    const identity = {
      type: "AssumedRole",
      principalId: "AROAEXAMPLEROLE00001:cfn",
      arn: "arn:aws:sts::111122223333:assumed-role/cdk-cfn-exec/cfn",
      accountId: "111122223333",
      invokedBy: "cloudformation.amazonaws.com",
    };
    const record = iamCall("AttachRolePolicy", { roleName: "cdk-exec", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, { userIdentity: identity });
    expect(severityOf(record)).toBe(SEVERITY.LOW);
  });

  it("keys the finding on the entity that received the power", () => {
    const [attached] = runRule(rule, iamCall("AttachUserPolicy", { userName: "bob", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }));
    const [inline] = runRule(rule, iamCall("PutUserPolicy", { userName: "bob", policyName: "p", policyDocument: ADMIN_DOCUMENT }));
    const [role] = runRule(rule, iamCall("AttachRolePolicy", { roleName: "bob", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }));
    expect(inline.aggregationKey).toBe(attached.aggregationKey);
    expect(role.aggregationKey).not.toBe(attached.aggregationKey);
  });

  it("renders every placeholder of the title and description", () => {
    for (const record of [iamCall("AttachUserPolicy", { userName: "bob", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }), iamCall("CreatePolicyVersion", { policyArn: "arn:aws:iam::111122223333:policy/app", policyDocument: ADMIN_DOCUMENT, setAsDefault: true })]) {
      const found = runRule(rule, record);
      expect(found).toHaveLength(1);
      expect(renderedText(found[0])).not.toContain("unknown");
    }
  });

  describe("on real records", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-persistence.json");
    const raised = (technique: string) => stratus[technique].flatMap((record) => runRule(rule, record)).map((candidate) => `${candidate.meta.type} ${candidate.templateValues.target}`);

    it("fires on the Stratus Red Team detonation that makes a new administrator", () => {
      expect(raised("aws.persistence.iam-create-admin-user")).toEqual([`${TYPE} user malicious-iam-user`]);
    });

    const panther = readFixture<PantherCase[]>("panther-persistence.json").filter((c) => ["AWS.IAM.AttachAdminRolePolicy"].includes(c.rule_id));

    it.each(panther.map((c) => [c.rule_id, c.test_name, c.expected_result, c.log] as const))("agrees with Panther %s / %s (%s)", (_rule, _test, expected, log) => {
      expect(runRule(rule, pantherRecord(log)).length > 0).toBe(expected);
    });
  });
});
