import { apiCall } from "../../../testing/cloudtrail.js";
import { runInBatches, callSeries } from "../../../testing/cloudtrail-batches.js";
import { readFixture } from "../../../testing/fixtures.js";
import { ec2InstanceConnectRule } from "./rule.js";

const MANY = "Execution:IAMUser/InstanceConnectToManyInstances";
const SERIAL = "Execution:IAMUser/SerialConsoleSSHKeySent";
const rule = ec2InstanceConnectRule();

function push(eventName: string, instanceId: string, extra: Record<string, unknown> = {}) {
  return apiCall({
    eventSource: "ec2-instance-connect.amazonaws.com",
    eventName,
    readOnly: false,
    requestParameters: { instanceId, instanceOSUser: "ec2-user", sSHPublicKey: "ssh-ed25519 AAAAexample" },
    ...extra,
  });
}

describe(MANY, () => {
  it("fires when keys are pushed to several instances within the window", () => {
    const found = runInBatches(rule, callSeries(3, (i) => push("SendSSHPublicKey", `i-${i}`)), undefined, 1);
    expect(found.map((c) => c.meta.type)).toEqual([MANY, MANY]);
    expect(found.at(-1)!.templateValues).toMatchObject({ count: "3", osUsers: "ec2-user" });
  });

  it("stays quiet on one instance, however many keys are pushed to it", () => {
    expect(runInBatches(rule, callSeries(5, () => push("SendSSHPublicKey", "i-1")))).toEqual([]);
  });

  it("needs twice as many instances through the console's Connect button", () => {
    const console = (i: number) => push("SendSSHPublicKey", `i-${i}`, { userAgent: "console.ec2.amazonaws.com" });
    expect(runInBatches(rule, callSeries(3, console))).toEqual([]);
    expect(runInBatches(rule, callSeries(4, console))).not.toEqual([]);
  });

  it("ignores failed pushes and pushes spread over windows", () => {
    expect(runInBatches(rule, callSeries(3, (i) => push("SendSSHPublicKey", `i-${i}`, { errorCode: "AccessDenied" })))).toEqual([]);
    const spread = callSeries(3, (i) => push("SendSSHPublicKey", `i-${i}`), Date.parse("2026-03-01T10:00:00Z"));
    spread.forEach((record, i) => (record.eventTime = new Date(Date.parse("2026-03-01T10:00:00Z") + i * 15 * 60_000).toISOString()));
    expect(runInBatches(rule, spread)).toEqual([]);
  });
});

describe(SERIAL, () => {
  it("fires on the first serial console key", () => {
    const [found] = runInBatches(rule, [push("SendSerialConsoleSSHPublicKey", "i-1")]);
    expect(found.meta.type).toBe(SERIAL);
    expect(found.severity).toBe(5);
    expect(found.templateValues.instanceList).toBe("i-1");
  });

  it("does not fire when the push failed", () => {
    expect(runInBatches(rule, [push("SendSerialConsoleSSHPublicKey", "i-1", { errorCode: "SerialConsoleAccessDisabledException" })])).toEqual([]);
  });
});

describe("on real records", () => {
  it("fires on the Stratus Red Team ec2-instance-connect detonation", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-discovery-impact.json");
    const found = runInBatches(rule, stratus["aws.lateral-movement.ec2-instance-connect"]);
    expect(found.map((c) => c.meta.type)).toContain(MANY);
  });
});
