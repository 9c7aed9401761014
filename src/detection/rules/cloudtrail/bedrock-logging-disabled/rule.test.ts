import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { bedrockLoggingDisabledRule as rule } from "./rule.js";

function bedrock(eventName: string, requestParameters: Record<string, unknown> | null, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "bedrock.amazonaws.com", eventName, readOnly: false, requestParameters, ...extra });
}

const DESTINATION = { cloudWatchConfig: { logGroupName: "bedrock", roleArn: "arn:aws:iam::111122223333:role/bedrock-logs" } };

describe("DefenseEvasion:IAMUser/BedrockLoggingDisabled", () => {
  it("fires when model invocation logging is deleted", () => {
    expect(types(runRule(rule, bedrock("DeleteModelInvocationLoggingConfiguration", null)))).toEqual(["DefenseEvasion:IAMUser/BedrockLoggingDisabled"]);
  });

  it("fires when the new configuration delivers nowhere or delivers nothing", () => {
    expect(runRule(rule, bedrock("PutModelInvocationLoggingConfiguration", { loggingConfig: { textDataDeliveryEnabled: true } }))).toHaveLength(1);
    const nothing = { ...DESTINATION, textDataDeliveryEnabled: false, imageDataDeliveryEnabled: false, embeddingDataDeliveryEnabled: false, videoDataDeliveryEnabled: false };
    expect(runRule(rule, bedrock("PutModelInvocationLoggingConfiguration", { loggingConfig: nothing }))).toHaveLength(1);
  });

  it("does not fire for a configuration that logs, for failures, or for Guardrail changes", () => {
    expect(runRule(rule, bedrock("PutModelInvocationLoggingConfiguration", { loggingConfig: { ...DESTINATION, textDataDeliveryEnabled: true } }))).toEqual([]);
    expect(runRule(rule, bedrock("DeleteModelInvocationLoggingConfiguration", null, { errorCode: "AccessDeniedException" }))).toEqual([]);
    expect(runRule(rule, bedrock("DeleteGuardrail", { guardrailIdentifier: "g" }))).toEqual([]);
  });

  it("keys the finding on the region, since the configuration is regional", () => {
    const [east] = runRule(rule, bedrock("DeleteModelInvocationLoggingConfiguration", null, { awsRegion: "us-east-1" }));
    const [west] = runRule(rule, bedrock("DeleteModelInvocationLoggingConfiguration", null, { awsRegion: "us-west-2" }));
    expect(east.aggregationKey).not.toBe(west.aggregationKey);
  });
});
