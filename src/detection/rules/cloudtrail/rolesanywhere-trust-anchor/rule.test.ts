import { apiCall, runRule } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { rolesAnywhereTrustAnchorRule as rule } from "./rule.js";

const TYPE = "Persistence:IAMUser/RolesAnywhereTrustAnchorCreated";

function rolesAnywhereCall(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "rolesanywhere.amazonaws.com", eventName, readOnly: false, requestParameters, ...extra });
}

const bundleAnchor = { name: "corp-ca", enabled: true, source: { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: "-----BEGIN CERTIFICATE-----" } } };

describe("Persistence:IAMUser/RolesAnywhereTrustAnchorCreated", () => {
  it("raises a trust anchor created from an uploaded certificate bundle at Medium, naming its source", () => {
    const [finding] = runRule(rule, rolesAnywhereCall("CreateTrustAnchor", bundleAnchor));
    expect(finding.meta.type).toBe(TYPE);
    expect(finding.severity).toBe(SEVERITY.MEDIUM);
    expect(finding.templateValues.change).toBe("trust anchor corp-ca created with source CERTIFICATE_BUNDLE");
  });

  it.each([
    ["UpdateTrustAnchor", { trustAnchorId: "0f1e2d3c", source: { sourceType: "AWS_ACM_PCA", sourceData: { acmPcaArn: "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/x" } } }, SEVERITY.MEDIUM],
    ["EnableTrustAnchor", { trustAnchorId: "0f1e2d3c" }, SEVERITY.MEDIUM],
    ["CreateProfile", { name: "ops", roleArns: ["arn:aws:iam::111122223333:role/ops"] }, SEVERITY.LOW],
    ["UpdateProfile", { profileId: "9a8b7c6d", durationSeconds: 3600 }, SEVERITY.LOW],
  ])("raises %s", (eventName, parameters, severity) => {
    const found = runRule(rule, rolesAnywhereCall(eventName, parameters));
    expect(found.map((candidate) => [candidate.meta.type, candidate.severity])).toEqual([[TYPE, severity]]);
  });

  it("lowers an anchor CloudFormation created to Low", () => {
    const identity = { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/cfn/x", accountId: "111122223333", invokedBy: "cloudformation.amazonaws.com" };
    expect(runRule(rule, rolesAnywhereCall("CreateTrustAnchor", bundleAnchor, { userIdentity: identity }))[0].severity).toBe(SEVERITY.LOW);
  });

  it("keys anchors and profiles apart", () => {
    const [anchor] = runRule(rule, rolesAnywhereCall("CreateTrustAnchor", { ...bundleAnchor, name: "x" }));
    const [profile] = runRule(rule, rolesAnywhereCall("CreateProfile", { name: "x" }));
    expect(anchor.aggregationKey).not.toBe(profile.aggregationKey);
  });

  it.each([
    ["a failed anchor creation", rolesAnywhereCall("CreateTrustAnchor", bundleAnchor, { errorCode: "AccessDeniedException" })],
    ["a disabled anchor", rolesAnywhereCall("DisableTrustAnchor", { trustAnchorId: "0f1e2d3c" })],
    ["a deleted anchor", rolesAnywhereCall("DeleteTrustAnchor", { trustAnchorId: "0f1e2d3c" })],
    ["the same API name of another service", apiCall({ eventSource: "iam.amazonaws.com", eventName: "CreateProfile", requestParameters: { name: "x" } })],
  ])("does not fire on %s", (_name, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });
  it("renders every placeholder of the title and description", () => {
    for (const record of [rolesAnywhereCall("CreateTrustAnchor", bundleAnchor), rolesAnywhereCall("UpdateProfile", { profileId: "9a8b7c6d" })]) {
      const found = runRule(rule, record);
      expect(found).toHaveLength(1);
      expect(renderedText(found[0])).not.toContain("unknown");
    }
  });
});
