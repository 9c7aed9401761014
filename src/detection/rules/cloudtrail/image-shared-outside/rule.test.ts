import { apiCall, runRule, testContext, types } from "../../../testing/cloudtrail.js";
import { readFixture } from "../../../testing/fixtures.js";
import { imageSharedOutsideRule as rule } from "./rule.js";

const TYPE = "Exfiltration:IAMUser/ImageSharedOutside";
const OUTSIDE = "999988887777";

function imageShare(launchPermission: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const requestParameters = { imageId: "ami-0abc", attributeType: "launchPermission", launchPermission };
  return apiCall({ eventName: "ModifyImageAttribute", readOnly: false, requestParameters, ...extra });
}

describe("Exfiltration:IAMUser/ImageSharedOutside", () => {
  it("fires on an AMI shared with an outside account", () => {
    const [candidate] = runRule(rule, imageShare({ add: { items: [{ userId: OUTSIDE }] } }));
    expect([candidate.meta.type, candidate.severity]).toEqual([TYPE, 7]);
    expect(candidate.templateValues).toMatchObject({ image: "ami-0abc", sharedWith: `account ${OUTSIDE}` });
    expect(candidate.action).toMatchObject({ affectedResources: { "AWS::EC2::Image": "ami-0abc" } });
  });

  it("fires at 8 on an AMI made public, in either form of the call", () => {
    const older = apiCall({ eventName: "ModifyImageAttribute", readOnly: false, requestParameters: { imageId: "ami-0abc", operationType: "add", userGroups: ["all"] } });
    for (const record of [imageShare({ add: { items: [{ group: "all" }] } }), older]) {
      const [candidate] = runRule(rule, record);
      expect([candidate.meta.type, candidate.severity, candidate.templateValues.sharedWith]).toEqual([TYPE, 8, "everyone (public)"]);
    }
  });

  it.each([
    ["sharing with the own account", imageShare({ add: { items: [{ userId: "111122223333" }] } })],
    ["sharing with an organization ARN", imageShare({ add: { items: [{ organizationArn: "arn:aws:organizations::111122223333:organization/o-abc" }] } })],
    ["a removal", imageShare({ remove: { items: [{ group: "all" }] } })],
    ["a description change", apiCall({ eventName: "ModifyImageAttribute", readOnly: false, requestParameters: { imageId: "ami-0abc", description: { value: "x" } } })],
    ["a failed call", imageShare({ add: { items: [{ group: "all" }] } }, { errorCode: "Client.UnauthorizedOperation" })],
  ])("does not fire on %s", (_case, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });

  it("does not fire on sharing with an account of the organization", () => {
    const context = testContext({}, { affiliatedAccountIds: new Set([OUTSIDE]) });
    expect(runRule(rule, imageShare({ add: { items: [{ userId: OUTSIDE }] } }), context)).toEqual([]);
  });

  it("fires on the Stratus Red Team detonation of ec2-share-ami", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-exposure-detonations.json");
    expect(stratus["aws.exfiltration.ec2-share-ami"].flatMap((record) => types(runRule(rule, record)))).toEqual([TYPE]);
  });
});

describe("Policy:IAMUser/ImageBlockPublicAccessDisabled", () => {
  it("fires on DisableImageBlockPublicAccess, not when it failed", () => {
    const record = apiCall({ eventName: "DisableImageBlockPublicAccess", readOnly: false, requestParameters: {} });
    expect(types(runRule(rule, record))).toEqual(["Policy:IAMUser/ImageBlockPublicAccessDisabled"]);
    expect(runRule(rule, { ...record, errorCode: "UnauthorizedOperation" })).toEqual([]);
  });
});
