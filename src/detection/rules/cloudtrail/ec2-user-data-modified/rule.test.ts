import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { ec2UserDataModifiedRule as rule } from "./rule.js";

const TYPE = "Persistence:IAMUser/InstanceUserDataModified";

function modify(requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "ec2.amazonaws.com", eventName: "ModifyInstanceAttribute", readOnly: false, requestParameters, ...extra });
}

describe("Persistence:IAMUser/InstanceUserDataModified", () => {
  it("fires at Medium when user data is replaced, naming the instance", () => {
    const [finding] = runRule(rule, modify({ instanceId: "i-0123456789abcdef0", userData: "<sensitiveDataRemoved>" }));
    expect(finding.meta.type).toBe(TYPE);
    expect(finding.severity).toBe(SEVERITY.MEDIUM);
    expect(finding.action).toMatchObject({ affectedResources: { "AWS::EC2::Instance": "i-0123456789abcdef0" } });
  });

  it("fires when the attribute is named userData", () => {
    expect(types(runRule(rule, modify({ instanceId: "i-0123456789abcdef0", attribute: "userData", value: "<sensitiveDataRemoved>" })))).toEqual([TYPE]);
  });

  it("lowers a change CloudFormation made to Low", () => {
    const identity = { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/cfn/x", accountId: "111122223333", invokedBy: "cloudformation.amazonaws.com" };
    expect(runRule(rule, modify({ instanceId: "i-1", userData: "<sensitiveDataRemoved>" }, { userIdentity: identity }))[0].severity).toBe(SEVERITY.LOW);
  });

  it.each([
    ["an instance type change", modify({ instanceId: "i-1", instanceType: { value: "t3.large" } })],
    ["termination protection", modify({ instanceId: "i-1", disableApiTermination: { value: true } })],
    ["a failed user data change", modify({ instanceId: "i-1", userData: "<sensitiveDataRemoved>" }, { errorCode: "IncorrectInstanceState" })],
    ["reading the user data", apiCall({ eventSource: "ec2.amazonaws.com", eventName: "DescribeInstanceAttribute", requestParameters: { instanceId: "i-1", attribute: "userData" } })],
  ])("does not fire on %s", (_name, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });
  it("renders every placeholder of the title and description", () => {
    for (const record of [modify({ instanceId: "i-1", userData: "<sensitiveDataRemoved>" }), modify({ instanceId: "i-2", attribute: "userData" })]) {
      const found = runRule(rule, record);
      expect(found).toHaveLength(1);
      expect(renderedText(found[0])).not.toContain("unknown");
    }
  });
});
