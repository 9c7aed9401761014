import { apiCall, runRule } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { configRecordingDisabledRule as rule } from "./rule.js";

const TYPE = "DefenseEvasion:IAMUser/ConfigRecordingDisabled";

function configCall(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "config.amazonaws.com", eventName, readOnly: false, requestParameters, ...extra });
}

describe(TYPE, () => {
  it.each([
    ["StopConfigurationRecorder", { configurationRecorderName: "default" }],
    ["DeleteConfigurationRecorder", { configurationRecorderName: "default" }],
    ["DeleteServiceLinkedConfigurationRecorder", { arn: "arn:aws:config:eu-west-1:111122223333:configuration-recorder/AWSConfigurationRecorderForSecurityHub/x" }],
    ["DeleteDeliveryChannel", { deliveryChannelName: "default" }],
    ["PutConfigurationRecorder", { configurationRecorder: { name: "default", roleARN: "arn:aws:iam::111122223333:role/config", recordingGroup: { allSupported: false, resourceTypes: [] } } }],
  ])("fires at Medium on %s", (eventName, parameters) => {
    const [candidate] = runRule(rule, configCall(eventName, parameters));
    expect([candidate.meta.type, candidate.severity]).toEqual([TYPE, SEVERITY.MEDIUM]);
    expect(renderedText(candidate)).not.toContain("unknown");
  });

  it("keys on region and recorder, so the same recorder name in two regions is two findings", () => {
    const [here] = runRule(rule, configCall("StopConfigurationRecorder", { configurationRecorderName: "default" }));
    const [there] = runRule(rule, configCall("StopConfigurationRecorder", { configurationRecorderName: "default" }, { awsRegion: "us-east-1" }));
    expect(here.aggregationKey).not.toBe(there.aggregationKey);
  });

  it.each([
    ["StartConfigurationRecorder", { configurationRecorderName: "default" }],
    ["PutDeliveryChannel", { deliveryChannel: { name: "default", s3BucketName: "config" } }],
    ["PutConfigurationRecorder", { configurationRecorder: { name: "default", recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } } }],
    ["PutConfigurationRecorder", { configurationRecorder: { name: "default", recordingGroup: { allSupported: false, resourceTypes: ["AWS::EC2::SecurityGroup"] } } }],
    [
      "PutConfigurationRecorder",
      {
        configurationRecorder: {
          name: "default",
          recordingGroup: { allSupported: false, exclusionByResourceTypes: { resourceTypes: ["AWS::EC2::NetworkInterface"] }, recordingStrategy: { useOnly: "EXCLUSION_BY_RESOURCE_TYPES" } },
        },
      },
    ],
  ])("does not fire on %s that keeps recording (%j)", (eventName, parameters) => {
    expect(runRule(rule, configCall(eventName, parameters))).toEqual([]);
  });

  it("does not fire on a failed call", () => {
    expect(runRule(rule, configCall("StopConfigurationRecorder", { configurationRecorderName: "default" }, { errorCode: "NoSuchConfigurationRecorderException" }))).toEqual([]);
  });

  it("lowers to Low when an AWS service acts for the account", () => {
    const service = configCall("DeleteConfigurationRecorder", { configurationRecorderName: "default" }, {
      userIdentity: { type: "AWSService", invokedBy: "securityhub.amazonaws.com" },
      sourceIPAddress: "securityhub.amazonaws.com",
    });
    expect(runRule(rule, service)[0].severity).toBe(SEVERITY.LOW);
  });
});
