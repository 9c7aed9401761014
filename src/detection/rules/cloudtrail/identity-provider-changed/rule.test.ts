import { apiCall, runRule } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { identityProviderChangedRule as rule } from "./rule.js";

const TYPE = "Persistence:IAMUser/IdentityProviderChanged";

function iamCall(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "iam.amazonaws.com", eventName, readOnly: false, awsRegion: "us-east-1", requestParameters, ...extra });
}

describe("Persistence:IAMUser/IdentityProviderChanged", () => {
  it.each([
    ["CreateSAMLProvider", { name: "corp-idp", sAMLMetadataDocument: "<EntityDescriptor/>" }, SEVERITY.MEDIUM],
    ["UpdateSAMLProvider", { sAMLProviderArn: "arn:aws:iam::111122223333:saml-provider/corp-idp", sAMLMetadataDocument: "<EntityDescriptor/>" }, SEVERITY.MEDIUM],
    ["CreateOpenIDConnectProvider", { url: "https://token.actions.githubusercontent.com", clientIDList: ["sts.amazonaws.com"] }, SEVERITY.LOW],
    ["UpdateOpenIDConnectProviderThumbprint", { openIDConnectProviderArn: "arn:aws:iam::111122223333:oidc-provider/idp.example.com", thumbprintList: ["a".repeat(40)] }, SEVERITY.LOW],
    ["AddClientIDToOpenIDConnectProvider", { openIDConnectProviderArn: "arn:aws:iam::111122223333:oidc-provider/idp.example.com", clientID: "app" }, SEVERITY.LOW],
  ])("raises %s", (eventName, parameters, severity) => {
    const found = runRule(rule, iamCall(eventName, parameters));
    expect(found.map((candidate) => [candidate.meta.type, candidate.severity])).toEqual([[TYPE, severity]]);
  });

  it("keys a SAML provider's creation and its later update to one finding", () => {
    const [created] = runRule(rule, iamCall("CreateSAMLProvider", { name: "corp-idp" }));
    const [updated] = runRule(rule, iamCall("UpdateSAMLProvider", { sAMLProviderArn: "arn:aws:iam::111122223333:saml-provider/corp-idp" }));
    expect(updated.aggregationKey).toBe(created.aggregationKey);
    expect(created.templateValues.change).toBe("SAML provider created: corp-idp");
  });

  it("lowers a SAML provider CloudFormation created to Low", () => {
    const identity = { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/cfn/x", accountId: "111122223333", invokedBy: "cloudformation.amazonaws.com" };
    expect(runRule(rule, iamCall("CreateSAMLProvider", { name: "corp-idp" }, { userIdentity: identity }))[0].severity).toBe(SEVERITY.LOW);
  });

  it("leaves IAM Identity Center's own SAML provider (its service-linked role) alone, not a person's Identity Center session", () => {
    const session = (role: string, path: string) => ({
      type: "AssumedRole",
      arn: `arn:aws:sts::111122223333:assumed-role/${role}/s`,
      accountId: "111122223333",
      sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::111122223333:role/${path}${role}`, userName: role } },
    });
    const provision = { name: "AWSSSO_0123456789abcdef_DO_NOT_DELETE" };
    const service = session("AWSServiceRoleForSSO", "aws-service-role/sso.amazonaws.com/");
    expect(runRule(rule, iamCall("CreateSAMLProvider", provision, { userIdentity: service, sourceIPAddress: "sso.amazonaws.com" }))).toEqual([]);
    const person = session("AWSReservedSSO_AdministratorAccess_0123456789abcdef", "aws-reserved/sso.amazonaws.com/");
    expect(runRule(rule, iamCall("CreateSAMLProvider", provision, { userIdentity: person }))[0].severity).toBe(SEVERITY.MEDIUM);
  });

  it.each([
    ["a failed provider creation", iamCall("CreateSAMLProvider", { name: "corp-idp" }, { errorCode: "AccessDenied" })],
    ["a deleted provider", iamCall("DeleteSAMLProvider", { sAMLProviderArn: "arn:aws:iam::111122223333:saml-provider/corp-idp" })],
    ["a provider listed", iamCall("ListOpenIDConnectProviders", {})],
  ])("does not fire on %s", (_name, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });
  it("renders every placeholder of the title and description", () => {
    for (const record of [iamCall("CreateSAMLProvider", { name: "corp-idp" }), iamCall("CreateOpenIDConnectProvider", { url: "https://token.actions.githubusercontent.com" })]) {
      const found = runRule(rule, record);
      expect(found).toHaveLength(1);
      expect(renderedText(found[0])).not.toContain("unknown");
    }
  });
});
