import { apiCall, runRule } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { SEVERITY } from "../../../engine/types.js";
import { securityServiceDisabledRule as rule } from "./rule.js";

const TYPE = "DefenseEvasion:IAMUser/SecurityServiceDisabled";

function call(eventSource: string, eventName: string, requestParameters: Record<string, unknown> | null, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource, eventName, readOnly: false, requestParameters, ...extra });
}

const HUB = "securityhub.amazonaws.com";
const MACIE = "macie2.amazonaws.com";
const INSPECTOR = "inspector2.amazonaws.com";
const WAF = "wafv2.amazonaws.com";
const ALB = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188";

describe(TYPE, () => {
  it.each([
    [HUB, "DisableSecurityHub", null, SEVERITY.HIGH],
    [HUB, "BatchDisableStandards", { StandardsSubscriptionArns: ["arn:aws:securityhub:eu-west-1:111122223333:subscription/cis-aws-foundations-benchmark/v/1.2.0"] }, SEVERITY.MEDIUM],
    [HUB, "DisassociateFromAdministratorAccount", {}, SEVERITY.MEDIUM],
    [HUB, "DisassociateMembers", { AccountIds: ["444455556666"] }, SEVERITY.MEDIUM],
    [HUB, "DisableImportFindingsForProduct", { ProductSubscriptionArn: "arn:aws:securityhub:eu-west-1:111122223333:product-subscription/aws/guardduty" }, SEVERITY.MEDIUM],
    [HUB, "BatchUpdateFindings", { FindingIdentifiers: [{ Id: "f-1", ProductArn: "p" }], Workflow: { Status: "SUPPRESSED" } }, SEVERITY.LOW],
    [MACIE, "DisableMacie", null, SEVERITY.HIGH],
    [MACIE, "UpdateMacieSession", { status: "PAUSED" }, SEVERITY.MEDIUM],
    [MACIE, "UpdateMacieSession", { findingPublishingFrequency: "SIX_HOURS" }, SEVERITY.LOW],
    [MACIE, "UpdateMemberSession", { id: "444455556666", status: "PAUSED" }, SEVERITY.MEDIUM],
    [MACIE, "DeleteMember", { id: "444455556666" }, SEVERITY.MEDIUM],
    [MACIE, "CreateFindingsFilter", { name: "hide", action: "ARCHIVE", findingCriteria: {} }, SEVERITY.MEDIUM],
    [INSPECTOR, "Disable", {}, SEVERITY.HIGH],
    [INSPECTOR, "Disable", { resourceTypes: ["ECR"] }, SEVERITY.MEDIUM],
    [INSPECTOR, "CreateFilter", { name: "hide", action: "SUPPRESS", filterCriteria: {} }, SEVERITY.MEDIUM],
    ["access-analyzer.amazonaws.com", "DeleteAnalyzer", { analyzerName: "account-analyzer" }, SEVERITY.MEDIUM],
    ["detective.amazonaws.com", "DeleteGraph", { graphArn: "arn:aws:detective:eu-west-1:111122223333:graph:abc" }, SEVERITY.MEDIUM],
    [WAF, "DisassociateWebACL", { resourceArn: ALB }, SEVERITY.MEDIUM],
    [WAF, "DeleteLoggingConfiguration", { resourceArn: "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/web/1" }, SEVERITY.MEDIUM],
    ["waf-regional.amazonaws.com", "DisassociateWebACL", { resourceArn: ALB }, SEVERITY.MEDIUM],
    ["organizations.amazonaws.com", "DisableAWSServiceAccess", { servicePrincipal: "cloudtrail.amazonaws.com" }, SEVERITY.MEDIUM],
    ["organizations.amazonaws.com", "DeregisterDelegatedAdministrator", { accountId: "444455556666", servicePrincipal: "guardduty.amazonaws.com" }, SEVERITY.MEDIUM],
  ])("fires on %s %s %j at severity %d", (source, eventName, parameters, severity) => {
    const [candidate] = runRule(rule, call(source, eventName, parameters));
    expect([candidate.meta.type, candidate.severity]).toEqual([TYPE, severity]);
    expect(renderedText(candidate)).not.toContain("unknown");
  });

  it.each([
    [HUB, "EnableSecurityHub", {}],
    [HUB, "BatchUpdateFindings", { FindingIdentifiers: [{ Id: "f-1" }], Workflow: { Status: "NOTIFIED" } }],
    [HUB, "UpdateInsight", { InsightArn: "arn:insight", Name: "renamed" }],
    [MACIE, "UpdateMacieSession", { status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES" }],
    [MACIE, "UpdateFindingsFilter", { id: "f-1", action: "NOOP" }],
    [MACIE, "ListMembers", { onlyAssociated: "true" }],
    [INSPECTOR, "Enable", { resourceTypes: ["EC2"] }],
    [INSPECTOR, "UpdateFilter", { filterArn: "arn:filter", action: "NONE" }],
    [WAF, "AssociateWebACL", { resourceArn: ALB, webACLArn: "arn:acl" }],
    ["organizations.amazonaws.com", "DisableAWSServiceAccess", { servicePrincipal: "ram.amazonaws.com" }],
    ["organizations.amazonaws.com", "DeregisterDelegatedAdministrator", { accountId: "444455556666", servicePrincipal: "ipam.amazonaws.com" }],
  ])("does not fire on %s %s %j", (source, eventName, parameters) => {
    expect(runRule(rule, call(source, eventName, parameters))).toEqual([]);
  });

  it("names the service in the title's values and the resource in the key", () => {
    const [candidate] = runRule(rule, call(WAF, "DisassociateWebACL", { resourceArn: ALB }));
    expect(candidate.templateValues.serviceName).toBe("AWS WAF");
    expect(candidate.templateValues.effect).toContain(ALB);
    expect(candidate.aggregationKey).toBe(`111122223333|eu-west-1|wafv2.amazonaws.com|${ALB}`);
  });

  it("leaves Security Hub's own automation rules suppressing findings alone", () => {
    const automation = call(HUB, "BatchUpdateFindings", { FindingIdentifiers: [{ Id: "f-1" }], Workflow: { Status: "SUPPRESSED" } }, {
      userIdentity: { type: "AWSService", invokedBy: "securityhub.amazonaws.com" },
      sourceIPAddress: "securityhub.amazonaws.com",
    });
    expect(runRule(rule, automation)).toEqual([]);
  });

  it("does not fire on refused calls, and lowers to Low when an AWS service acts for the account", () => {
    expect(runRule(rule, call(HUB, "DisableSecurityHub", null, { errorCode: "AccessDeniedException" }))).toEqual([]);
    const identity = { ...(apiCall().userIdentity as object), invokedBy: "cloudformation.amazonaws.com" };
    expect(runRule(rule, call(WAF, "DisassociateWebACL", { resourceArn: ALB }, { userIdentity: identity }))[0].severity).toBe(SEVERITY.LOW);
  });

  const panther = readFixture<PantherCase[]>("panther-evasion.json").filter((c) => c.rule_id === "AWS.Macie.Evasion");
  it.each(panther.map((c) => [c.test_name, c.expected_result, c.log] as const))("agrees with Panther's Macie evasion case %s (%s)", (_test, expected, log) => {
    expect(runRule(rule, pantherRecord(log)).length > 0).toBe(expected);
  });
});
