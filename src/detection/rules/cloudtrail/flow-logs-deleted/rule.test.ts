import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { readFixture } from "../../../testing/fixtures.js";
import { SEVERITY } from "../../../engine/types.js";
import { flowLogsDeletedRule as rule } from "./rule.js";

const TYPE = "DefenseEvasion:IAMUser/FlowLogsDeleted";

function deleteFlowLogs(requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "ec2.amazonaws.com", eventName: "DeleteFlowLogs", readOnly: false, requestParameters, ...extra });
}

const one = { DeleteFlowLogsRequest: { FlowLogId: { content: "fl-0123456789abcdef0", tag: 1 } } };
const two = { DeleteFlowLogsRequest: { FlowLogId: [{ content: "fl-aaaa", tag: 1 }, { content: "fl-bbbb", tag: 2 }] } };

describe(TYPE, () => {
  it("fires at Medium on a principal's own deletion, keyed and titled by the flow log", () => {
    const [candidate] = runRule(rule, deleteFlowLogs(one));
    expect(candidate.meta.type).toBe(TYPE);
    expect(renderedText(candidate)).not.toContain("unknown");
    expect(candidate.severity).toBe(SEVERITY.MEDIUM);
    expect(candidate.aggregationKey).toBe("111122223333|eu-west-1|ec2.amazonaws.com|fl-0123456789abcdef0");
    expect(candidate.action).toMatchObject({ affectedResources: { "AWS::EC2::FlowLog": "fl-0123456789abcdef0" } });
  });

  it("names every flow log of a multi-id request, and reads the plain-list spelling", () => {
    expect(runRule(rule, deleteFlowLogs(two))[0].templateValues.target).toBe("fl-aaaa, fl-bbbb");
    expect(runRule(rule, deleteFlowLogs({ flowLogIds: ["fl-cccc"] }))[0].templateValues.target).toBe("fl-cccc");
  });

  it("leaves out the ids the response lists as unsuccessful, and is silent when none was deleted", () => {
    const failedOne = { DeleteFlowLogsResponse: { unsuccessful: { item: { resourceId: "fl-aaaa", error: { code: "InvalidFlowLogId.NotFound" } } } } };
    expect(runRule(rule, deleteFlowLogs(two, { responseElements: failedOne }))[0].templateValues.target).toBe("fl-bbbb");
    const failedAll = { DeleteFlowLogsResponse: { unsuccessful: { item: [{ resourceId: "fl-aaaa" }, { resourceId: "fl-bbbb" }] } } };
    expect(runRule(rule, deleteFlowLogs(two, { responseElements: failedAll }))).toEqual([]);
  });

  it("lowers to Low when CloudFormation deletes the flow log with its stack", () => {
    const viaStack = deleteFlowLogs(one, {
      sourceIPAddress: "cloudformation.amazonaws.com",
      userIdentity: { ...(apiCall().userIdentity as object), invokedBy: "cloudformation.amazonaws.com" },
    });
    expect(runRule(rule, viaStack)[0].severity).toBe(SEVERITY.LOW);
  });

  it("does not fire on a failed call, on creating flow logs, or on a request without ids", () => {
    expect(runRule(rule, deleteFlowLogs(one, { errorCode: "Client.UnauthorizedOperation" }))).toEqual([]);
    expect(runRule(rule, apiCall({ eventSource: "ec2.amazonaws.com", eventName: "CreateFlowLogs", readOnly: false, requestParameters: { CreateFlowLogsRequest: {} } }))).toEqual([]);
    expect(runRule(rule, deleteFlowLogs({}))).toEqual([]);
  });

  it("fires on the Stratus Red Team detonation of vpc-remove-flow-logs", () => {
    const records = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-evasion-detonations.json")["aws.defense-evasion.vpc-remove-flow-logs"];
    expect(records.flatMap((record) => types(runRule(rule, record)))).toEqual([TYPE]);
  });
});
