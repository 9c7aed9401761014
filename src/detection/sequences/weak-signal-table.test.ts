import { call, events } from "../testing/attack-story.js";
import { resourceOf, weakSignalSpec } from "./weak-signal-table.js";

const one = (source: string, name: string, requestParameters: Record<string, unknown> | null, extra: Record<string, unknown> = {}) =>
  events([call(1, source, name, { requestParameters, ...extra })])[0];

describe("weak-signal table", () => {
  it.each([
    ["ssm.amazonaws.com", "GetParameters", { names: ["/db/password"], withDecryption: true }],
    ["ec2.amazonaws.com", "DescribeInstanceAttribute", { instanceId: "i-1", attribute: "userData" }],
    ["ec2.amazonaws.com", "ModifyImageAttribute", { imageId: "ami-1", launchPermission: { add: { items: [{ userId: "999988887777" }] } } }],
    ["ec2.amazonaws.com", "ModifySnapshotAttribute", { snapshotId: "snap-1", createVolumePermission: { add: { items: [{ userId: "999988887777" }] } } }],
    ["rds.amazonaws.com", "ModifyDBSnapshotAttribute", { dBSnapshotIdentifier: "db", attributeName: "restore", valuesToAdd: ["all"] }],
  ])("takes %s %s when it does the sensitive thing", (source, name, parameters) => {
    expect(weakSignalSpec(one(source, name, parameters))).toBeDefined();
  });

  it.each([
    ["ssm.amazonaws.com", "GetParameters", { names: ["/app/url"], withDecryption: false }],
    ["ec2.amazonaws.com", "DescribeInstanceAttribute", { instanceId: "i-1", attribute: "instanceType" }],
    ["ec2.amazonaws.com", "ModifyImageAttribute", { imageId: "ami-1", launchPermission: { remove: { items: [{ userId: "999988887777" }] } } }],
    ["rds.amazonaws.com", "ModifyDBSnapshotAttribute", { dBSnapshotIdentifier: "db", attributeName: "restore", valuesToRemove: ["all"] }],
    ["ec2.amazonaws.com", "DescribeInstances", null],
  ])("leaves %s %s alone when it does not", (source, name, parameters) => {
    expect(weakSignalSpec(one(source, name, parameters))).toBeUndefined();
  });

  it("signs a console sign-in without MFA only", () => {
    const signIn = (mfa: string) => one("signin.amazonaws.com", "ConsoleLogin", null, { additionalEventData: { MFAUsed: mfa } });
    expect(weakSignalSpec(signIn("No"))?.tactic).toBe("Initial Access");
    expect(weakSignalSpec(signIn("Yes"))).toBeUndefined();
  });

  it("names the resource a call acted on from its usual parameters", () => {
    expect(resourceOf(one("iam.amazonaws.com", "CreateAccessKey", { userName: "bob" }))).toBe("bob");
    expect(resourceOf(one("ec2.amazonaws.com", "DeleteFlowLogs", { flowLogIds: ["fl-1", "fl-2"] }))).toBe("fl-1, fl-2");
    expect(resourceOf(one("ec2.amazonaws.com", "DeleteFlowLogs", null))).toBeUndefined();
  });
});
