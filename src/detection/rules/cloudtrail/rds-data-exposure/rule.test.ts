import { apiCall, runRule } from "../../../testing/cloudtrail.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { rdsDataExposureRule as rule } from "./rule.js";

const EXPORT_TYPE = "Exfiltration:IAMUser/DatabaseSnapshotExported";
const PUBLIC_TYPE = "Policy:IAMUser/DatabaseMadePubliclyAccessible";

function rdsCall(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "rds.amazonaws.com", eventName, readOnly: false, requestParameters, ...extra });
}

const EXPORT = { exportTaskIdentifier: "e1", sourceArn: "arn:aws:rds:eu-west-1:111122223333:snapshot:nightly", s3BucketName: "exports", iamRoleArn: "arn:aws:iam::111122223333:role/export" };

describe("Exfiltration:IAMUser/DatabaseSnapshotExported", () => {
  it("fires on a snapshot export, Low, keyed on the snapshot", () => {
    const [candidate] = runRule(rule, rdsCall("StartExportTask", EXPORT));
    expect([candidate.meta.type, candidate.severity]).toEqual([EXPORT_TYPE, 3]);
    expect(candidate.templateValues).toMatchObject({ source: EXPORT.sourceArn, bucket: "exports" });
    expect(candidate.aggregationKey).toContain(EXPORT.sourceArn);
  });

  it("does not fire when the export was refused", () => {
    expect(runRule(rule, rdsCall("StartExportTask", EXPORT, { errorCode: "AccessDenied" }))).toEqual([]);
  });
});

describe("Policy:IAMUser/DatabaseMadePubliclyAccessible", () => {
  it.each([
    ["ModifyDBInstance asking for it", rdsCall("ModifyDBInstance", { dBInstanceIdentifier: "orders", publiclyAccessible: true })],
    ["a snapshot restore asking for it", rdsCall("RestoreDBInstanceFromDBSnapshot", { dBInstanceIdentifier: "orders", dBSnapshotIdentifier: "s", publiclyAccessible: "true" })],
    [
      "a point-in-time restore that came out public",
      rdsCall("RestoreDBInstanceToPointInTime", { targetDBInstanceIdentifier: "copy" }, { responseElements: { publiclyAccessible: true } }),
    ],
  ])("fires on %s", (_case, record) => {
    const [candidate] = runRule(rule, record);
    expect([candidate.meta.type, candidate.templateValues.instance]).toEqual([PUBLIC_TYPE, expect.stringMatching(/^(orders|copy)$/)]);
  });

  it.each([
    ["ModifyDBInstance making it private", rdsCall("ModifyDBInstance", { dBInstanceIdentifier: "orders", publiclyAccessible: false })],
    [
      "ModifyDBInstance of an instance already public (the response reports state, not change)",
      rdsCall("ModifyDBInstance", { dBInstanceIdentifier: "orders", backupRetentionPeriod: 7 }, { responseElements: { publiclyAccessible: true } }),
    ],
    ["a private restore", rdsCall("RestoreDBInstanceFromDBSnapshot", { dBInstanceIdentifier: "o" }, { responseElements: { publiclyAccessible: false } })],
    ["a failed call", rdsCall("ModifyDBInstance", { dBInstanceIdentifier: "orders", publiclyAccessible: true }, { errorCode: "InvalidDBInstanceState" })],
  ])("does not fire on %s", (_case, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });

  const cases = readFixture<PantherCase[]>("panther-exposure.json").filter((c) => ["AWS.RDS.PublicRestore", "AWS.RDS.SnapshotExport"].includes(c.rule_id));
  it.each(cases.map((c) => [c.rule_id, c.test_name, c.expected_result, c.log] as const))("agrees with Panther %s / %s (%s)", (_rule, _test, expected, log) => {
    expect(runRule(rule, pantherRecord(log)).length > 0).toBe(expected);
  });
});
