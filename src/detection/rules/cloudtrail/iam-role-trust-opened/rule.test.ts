import { apiCall, runRule, testContext } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { iamRoleTrustOpenedRule as rule } from "./rule.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { pantherRecord } from "../../../testing/panther.js";

const TYPE = "Persistence:IAMUser/RoleTrustOpenedToOutsideAccount";
const OUTSIDE = "999988887777";
const ORG_MEMBER = "222233334444";

type Statement = Record<string, unknown>;

function trust(...statements: Statement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

function assume(principal: unknown, condition?: Record<string, unknown>): Statement {
  return { Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) };
}

function updateTrust(policyDocument: unknown, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "iam.amazonaws.com", eventName: "UpdateAssumeRolePolicy", readOnly: false, requestParameters: { roleName: "ops", policyDocument }, ...extra });
}

function createRole(assumeRolePolicyDocument: unknown) {
  return apiCall({ eventSource: "iam.amazonaws.com", eventName: "CreateRole", readOnly: false, requestParameters: { roleName: "ops", path: "/", assumeRolePolicyDocument } });
}

const context = testContext({}, { affiliatedAccountIds: new Set([ORG_MEMBER]) });

describe("Persistence:IAMUser/RoleTrustOpenedToOutsideAccount", () => {
  it.each([
    ["an outside account root alongside a service", trust(assume({ Service: "ec2.amazonaws.com" }), assume({ AWS: `arn:aws:iam::${OUTSIDE}:root` })), SEVERITY.HIGH],
    ["a bare outside account id in a list", trust(assume({ AWS: ["arn:aws:iam::111122223333:root", OUTSIDE] })), SEVERITY.HIGH],
    ["an outside account's role", trust(assume({ AWS: `arn:aws:iam::${OUTSIDE}:role/attacker` })), SEVERITY.HIGH],
    ["Principal \"*\" even with an external id", trust(assume("*", { StringEquals: { "sts:ExternalId": "12345" } })), SEVERITY.HIGH],
    ["{AWS: \"*\"}", trust(assume({ AWS: "*" })), SEVERITY.HIGH],
    ["an outside account that must present an external id", trust(assume({ AWS: `arn:aws:iam::${OUTSIDE}:root` }, { StringEquals: { "sts:ExternalId": "v" } })), SEVERITY.MEDIUM],
    ["a federated provider in an outside account", trust(assume({ Federated: `arn:aws:iam::${OUTSIDE}:saml-provider/idp` })), SEVERITY.HIGH],
  ])("fires on a trust policy opened to %s", (_name, document, severity) => {
    const found = runRule(rule, updateTrust(document), context);
    expect(found.map((candidate) => [candidate.meta.type, candidate.severity])).toEqual([[TYPE, severity]]);
  });

  it("reads CreateRole's URL-encoded document and names the outside account", () => {
    const [finding] = runRule(rule, createRole(encodeURIComponent(trust(assume({ AWS: `arn:aws:iam::${OUTSIDE}:root` })))), context);
    expect(finding.templateValues).toMatchObject({ role: "ops", outsiders: `account ${OUTSIDE}` });
    expect(finding.action).toMatchObject({ remoteAccountDetails: { accountId: OUTSIDE, affiliated: false }, affectedResources: { "AWS::IAM::Role": "ops" } });
  });

  it.each([
    ["an AWS service", trust(assume({ Service: ["lambda.amazonaws.com", "ec2.amazonaws.com"] }))],
    ["the account's own root", trust(assume({ AWS: "arn:aws:iam::111122223333:root" }))],
    ["an organization member", trust(assume({ AWS: `arn:aws:iam::${ORG_MEMBER}:role/deploy` }))],
    ["the account's own OIDC provider", trust({ Effect: "Allow", Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity" })],
    ["\"*\" pinned to the organization", trust(assume("*", { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }))],
    ["\"*\" pinned to a known account", trust(assume({ AWS: "*" }, { StringEquals: { "aws:PrincipalAccount": ORG_MEMBER } }))],
    ["an outside account, denied", trust({ Effect: "Deny", Principal: { AWS: `arn:aws:iam::${OUTSIDE}:root` }, Action: "sts:AssumeRole" })],
    ["nothing readable", "not a policy"],
  ])("does not fire on a trust policy for %s", (_name, document) => {
    expect(runRule(rule, updateTrust(document), context)).toEqual([]);
  });

  it("still fires when the record does not name the role", () => {
    const record = apiCall({ eventSource: "iam.amazonaws.com", eventName: "UpdateAssumeRolePolicy", requestParameters: { policyDocument: trust(assume("*")) } });
    expect(runRule(rule, record, context).map((candidate) => candidate.templateValues.role)).toEqual(["(name not logged)"]);
  });

  it("counts an operator-trusted account as not outside", () => {
    const trusted = testContext({}, { trustedAccountIds: new Set([OUTSIDE]) });
    expect(runRule(rule, updateTrust(trust(assume({ AWS: `arn:aws:iam::${OUTSIDE}:root` }))), trusted)).toEqual([]);
  });

  it("does not fire when the call failed or names no document", () => {
    expect(runRule(rule, updateTrust(trust(assume("*")), { errorCode: "MalformedPolicyDocument" }), context)).toEqual([]);
    expect(runRule(rule, apiCall({ eventSource: "iam.amazonaws.com", eventName: "UpdateAssumeRolePolicy", requestParameters: {} }), context)).toEqual([]);
  });

  it("renders every placeholder of the title and description", () => {
    for (const record of [updateTrust(trust(assume("*"))), createRole(trust(assume({ AWS: `arn:aws:iam::${OUTSIDE}:root` })))]) {
      const found = runRule(rule, record, context);
      expect(found).toHaveLength(1);
      expect(renderedText(found[0])).not.toContain("unknown");
    }
  });

  describe("on real records", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-persistence.json");
    const raised = (technique: string) => stratus[technique].flatMap((record) => runRule(rule, record)).map((candidate) => `${candidate.meta.type} ${candidate.templateValues.role}`);

    it("fires on the Stratus Red Team detonation that backdoors a role's trust policy", () => {
      expect(raised("aws.persistence.iam-backdoor-role")).toEqual([`${TYPE} stratus-red-team-backdoor-r-role`]);
    });

    const panther = readFixture<PantherCase[]>("panther-persistence.json").filter((c) => ["AWS.IAM.BackdoorRole"].includes(c.rule_id));

    it.each(panther.map((c) => [c.rule_id, c.test_name, c.expected_result, c.log] as const))("agrees with Panther %s / %s (%s)", (_rule, _test, expected, log) => {
      expect(runRule(rule, pantherRecord(log)).length > 0).toBe(expected);
    });
  });
});
