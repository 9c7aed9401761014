import { apiCall, runRule, testContext, types } from "../../../testing/cloudtrail.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { snapshotSharedOutsideRule as rule } from "./rule.js";

const TYPE = "Exfiltration:IAMUser/SnapshotSharedOutside";
const OUTSIDE = "999988887777";

function ebsShare(items: unknown[], extra: Record<string, unknown> = {}) {
  const requestParameters = { snapshotId: "snap-0abc", attributeType: "CREATE_VOLUME_PERMISSION", createVolumePermission: { add: { items } } };
  return apiCall({ eventName: "ModifySnapshotAttribute", readOnly: false, requestParameters, ...extra });
}

function rdsShare(eventName: string, valuesToAdd: string[], attributeName = "restore") {
  const identifier = eventName === "ModifyDBClusterSnapshotAttribute" ? "dBClusterSnapshotIdentifier" : "dBSnapshotIdentifier";
  return apiCall({ eventSource: "rds.amazonaws.com", eventName, readOnly: false, requestParameters: { [identifier]: "nightly", attributeName, valuesToAdd } });
}

describe("Exfiltration:IAMUser/SnapshotSharedOutside", () => {
  it("fires on an EBS snapshot shared with an outside account, High 7", () => {
    const [candidate] = runRule(rule, ebsShare([{ userId: OUTSIDE }]));
    expect(candidate.meta.type).toBe(TYPE);
    expect(candidate.severity).toBe(7);
    expect(candidate.templateValues).toMatchObject({ kind: "EBS snapshot", snapshot: "snap-0abc", sharedWith: `account ${OUTSIDE}` });
    expect(candidate.action).toMatchObject({ affectedResources: { "AWS::EC2::Snapshot": "snap-0abc" }, remoteAccountDetails: { accountId: OUTSIDE } });
  });

  it("fires at 8 on an EBS snapshot made public", () => {
    const [candidate] = runRule(rule, ebsShare([{ group: "all" }]));
    expect(candidate.severity).toBe(8);
    expect(candidate.templateValues.sharedWith).toBe("everyone (public)");
  });

  it("reads the older operationType form of the call", () => {
    const record = apiCall({
      eventName: "ModifySnapshotAttribute",
      readOnly: false,
      requestParameters: { snapshotId: "snap-0abc", attributeType: "createVolumePermission", operationType: "add", userIds: [OUTSIDE] },
    });
    expect(types(runRule(rule, record))).toEqual([TYPE]);
  });

  it.each([
    ["ModifyDBSnapshotAttribute", [OUTSIDE], 7],
    ["ModifyDBClusterSnapshotAttribute", [OUTSIDE], 7],
    ["ModifyDBSnapshotAttribute", ["all"], 8],
  ])("fires on %s restore shared with %j", (eventName, values, severity) => {
    const [candidate] = runRule(rule, rdsShare(eventName, values));
    expect([candidate.meta.type, candidate.severity, candidate.templateValues.snapshot]).toEqual([TYPE, severity, "nightly"]);
  });

  it("fires on a Redshift snapshot shared with an outside account, not with the own one", () => {
    const share = (account: string) =>
      apiCall({ eventSource: "redshift.amazonaws.com", eventName: "AuthorizeSnapshotAccess", readOnly: false, requestParameters: { snapshotIdentifier: "rs-nightly", accountWithRestoreAccess: account } });
    const [candidate] = runRule(rule, share(OUTSIDE));
    expect([candidate.meta.type, candidate.templateValues.kind, candidate.templateValues.snapshot]).toEqual([TYPE, "Redshift snapshot", "rs-nightly"]);
    expect(runRule(rule, share("111122223333"))).toEqual([]);
  });

  it.each([
    ["the own account", ebsShare([{ userId: "111122223333" }])],
    ["no one (group none)", ebsShare([{ group: "none" }])],
    ["a removal", apiCall({ eventName: "ModifySnapshotAttribute", readOnly: false, requestParameters: { snapshotId: "snap-0abc", createVolumePermission: { remove: { items: [{ group: "all" }] } } } })],
    ["an RDS attribute other than restore", rdsShare("ModifyDBSnapshotAttribute", [OUTSIDE], "other")],
    ["an RDS removal", apiCall({ eventSource: "rds.amazonaws.com", eventName: "ModifyDBSnapshotAttribute", readOnly: false, requestParameters: { dBSnapshotIdentifier: "n", attributeName: "restore", valuesToRemove: ["all"] } })],
    ["a failed call", ebsShare([{ group: "all" }], { errorCode: "Client.UnauthorizedOperation" })],
  ])("does not fire on %s", (_case, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });

  it("does not fire on sharing with the organization or an operator-trusted account", () => {
    expect(runRule(rule, ebsShare([{ userId: OUTSIDE }]), testContext({}, { affiliatedAccountIds: new Set([OUTSIDE]) }))).toEqual([]);
    expect(runRule(rule, rdsShare("ModifyDBSnapshotAttribute", [OUTSIDE]), testContext({}, { trustedAccountIds: new Set([OUTSIDE]) }))).toEqual([]);
  });

  it("keys the finding on the snapshot", () => {
    const [a] = runRule(rule, ebsShare([{ userId: OUTSIDE }]));
    const [b] = runRule(rule, ebsShare([{ group: "all" }]));
    expect(a.aggregationKey).toBe(b.aggregationKey);
  });
});

describe("Policy:IAMUser/SnapshotBlockPublicAccessDisabled", () => {
  it("fires on DisableSnapshotBlockPublicAccess, not when it failed", () => {
    const record = apiCall({ eventName: "DisableSnapshotBlockPublicAccess", readOnly: false, requestParameters: {} });
    expect(types(runRule(rule, record))).toEqual(["Policy:IAMUser/SnapshotBlockPublicAccessDisabled"]);
    expect(runRule(rule, { ...record, errorCode: "UnauthorizedOperation" })).toEqual([]);
  });
});

describe("on real records", () => {
  it("fires on the Stratus Red Team detonation of rds-share-snapshot", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-exposure-detonations.json");
    expect(stratus["aws.exfiltration.rds-share-snapshot"].flatMap((record) => types(runRule(rule, record)))).toEqual([TYPE]);
  });

  const cases = readFixture<PantherCase[]>("panther-exposure.json").filter((c) => c.rule_id === "AWS.CloudTrail.SnapshotMadePublic");
  it.each(cases.map((c) => [c.test_name, c.expected_result, c.log] as const))("agrees with Panther SnapshotMadePublic / %s (%s)", (_test, expected, log) => {
    expect(runRule(rule, pantherRecord(log)).length > 0).toBe(expected);
  });
});
