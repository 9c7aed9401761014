import { apiCall } from "../../../testing/cloudtrail.js";
import { runInBatches, callSeries } from "../../../testing/cloudtrail-batches.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture } from "../../../testing/fixtures.js";
import { ssmRemoteExecutionRule } from "./rule.js";

const COMMAND = "Execution:IAMUser/SSMCommandOnManyInstances";
const SESSION = "Execution:IAMUser/SSMSessionStarted";
const rule = ssmRemoteExecutionRule();

function ssm(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "ssm.amazonaws.com", eventName, readOnly: false, requestParameters, ...extra });
}

const sendCommand = (instanceIds: string[], extra: Record<string, unknown> = {}) =>
  ssm("SendCommand", { documentName: "AWS-RunShellScript", instanceIds, interactive: false, parameters: "HIDDEN_DUE_TO_SECURITY_REASONS" }, extra);

describe(COMMAND, () => {
  it("fires on one command sent to several instances", () => {
    const [found] = runInBatches(rule, [sendCommand(["i-1", "i-2", "i-3"])]);
    expect(found.meta.type).toBe(COMMAND);
    expect(found.templateValues.reach).toBe("3 instance(s)");
    expect(found.templateValues.documents).toBe("AWS-RunShellScript");
  });

  it("fires on commands sent one instance at a time within the window", () => {
    const found = runInBatches(rule, callSeries(2, (i) => sendCommand([`i-${i}`])));
    expect(found.map((c) => c.meta.type)).toEqual([COMMAND]);
  });

  it("fires on commands addressed by targets, listed instances counting as instances", () => {
    const byTag = runInBatches(rule, [ssm("SendCommand", { documentName: "AWS-RunShellScript", targets: [{ key: "tag:Env", values: ["prod"] }] })]);
    expect(byTag[0].templateValues.reach).toContain("tag:Env=prod");
    expect(runInBatches(rule, [ssm("SendCommand", { targets: [{ key: "InstanceIds", values: ["i-1"] }] })])).toEqual([]);
    expect(runInBatches(rule, [ssm("SendCommand", { targets: [{ key: "InstanceIds", values: ["i-1", "i-2"] }] })])).not.toEqual([]);
  });

  it("stays quiet on a command to one instance, failed commands and AWS services' runs", () => {
    expect(runInBatches(rule, [sendCommand(["i-1"])])).toEqual([]);
    expect(runInBatches(rule, [sendCommand(["i-1", "i-2"], { errorCode: "AccessDeniedException" })])).toEqual([]);
    const association = sendCommand(["i-1", "i-2"], { userIdentity: { type: "AssumedRole", principalId: "AROA:x", accountId: "111122223333", invokedBy: "ssm.amazonaws.com" } });
    expect(runInBatches(rule, [association])).toEqual([]);
  });
});

describe(SESSION, () => {
  const session = (target: string) => ssm("StartSession", { target });

  it("raises Low for a session to one instance", () => {
    const found = runInBatches(rule, [session("i-1")]);
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([[SESSION, 2]]);
  });

  it("raises Medium for sessions to three instances within the window, as one finding", () => {
    const found = runInBatches(rule, callSeries(3, (i) => session(`i-${i}`)), undefined, 1);
    expect(found.at(-1)!.severity).toBe(5);
    expect(new Set(found.map((c) => c.aggregationKey)).size).toBe(1);
  });

  it("ignores other SSM calls and failed sessions", () => {
    expect(runInBatches(rule, [ssm("StartSession", { target: "i-1" }, { errorCode: "TargetNotConnected" })])).toEqual([]);
    expect(runInBatches(rule, [ssm("DescribeInstanceInformation", { target: "i-1" })])).toEqual([]);
  });
});

describe("on real records", () => {
  // "Single Command Send, Many Cached IDs" needs Panther's memory of earlier commands: a cold rule
  // sees one command to one instance, which is ordinary.
  const cases = readFixture<Array<{ rule_id: string; test_name: string; expected_result: boolean; log: Record<string, unknown> }>>("panther-discovery-impact.json").filter(
    (c) => c.rule_id === "AWS.SSM.DistributedCommand" && !c.test_name.includes("Many Cached IDs"),
  );

  it.each(cases.map((c) => [c.test_name, c.expected_result, c.log] as const))("agrees with Panther AWS.SSM.DistributedCommand / %s (%s)", (_name, expected, log) => {
    expect(runInBatches(rule, [pantherRecord(log)]).length > 0).toBe(expected);
  });
});
