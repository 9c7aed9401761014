import { apiCall, testContext } from "../../../testing/cloudtrail.js";
import { runInBatches, callSeries } from "../../../testing/cloudtrail-batches.js";
import { readFixture } from "../../../testing/fixtures.js";
import { bedrockModelAbuseRule } from "./rule.js";

const ACCESS = "Impact:IAMUser/BedrockModelAccessEnabled";
const BURST = "Impact:IAMUser/BedrockInvocationBurst";
const rule = bedrockModelAbuseRule();

const ROLE_SESSION = { type: "AssumedRole", principalId: "AROAAPP:app", arn: "arn:aws:sts::111122223333:assumed-role/app/app", accountId: "111122223333" };

function bedrock(eventName: string, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "bedrock.amazonaws.com", eventName, requestParameters: { modelId: "anthropic.claude-3-haiku" }, ...extra });
}

describe(ACCESS, () => {
  it("raises Low when model access is enabled, Medium when the identity also invokes models", () => {
    expect(runInBatches(rule, [bedrock("PutUseCaseForModelAccess", { requestParameters: null })]).map((c) => [c.meta.type, c.severity])).toEqual([[ACCESS, 3]]);
    const found = runInBatches(rule, callSeries(2, (i) => bedrock(i ? "InvokeModel" : "PutFoundationModelEntitlement", { userIdentity: ROLE_SESSION, sourceIPAddress: "10.0.0.5" })), undefined, 10);
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([[ACCESS, 5]]);
  });

  it("does not fire when enabling failed", () => {
    expect(runInBatches(rule, [bedrock("PutFoundationModelEntitlement", { errorCode: "AccessDeniedException" })])).toEqual([]);
  });

  it("fires on the Stratus Red Team bedrock-invoke-model detonation", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-discovery-impact.json");
    const found = runInBatches(rule, stratus["aws.impact.bedrock-invoke-model"]);
    expect(found.map((c) => c.meta.type)).toContain(ACCESS);
  });
});

describe(BURST, () => {
  const invocations = (count: number, extra: Record<string, unknown> = {}) =>
    callSeries(count, (i) => bedrock(i % 2 ? "InvokeModel" : "ConverseStream", extra));

  it("fires on many invocations with an IAM user's long-term key", () => {
    const found = runInBatches(rule, invocations(20), undefined, 100);
    expect(found.map((c) => c.meta.type)).toEqual([BURST]);
    expect(found[0].templateValues.how).toBe("a long-term access key");
  });

  it("fires on many invocations by a role session from outside AWS", () => {
    const found = runInBatches(rule, invocations(20, { userIdentity: ROLE_SESSION, sourceIPAddress: "81.2.69.160" }), undefined, 100);
    expect(found[0].templateValues.how).toBe("credentials used from outside AWS");
  });

  it("stays quiet on an application's role calling from inside AWS, and on fewer calls", () => {
    expect(runInBatches(rule, invocations(40, { userIdentity: ROLE_SESSION, sourceIPAddress: "10.0.0.5" }), testContext())).toEqual([]);
    expect(runInBatches(rule, invocations(19), undefined, 100)).toEqual([]);
  });
});
