import { apiCall } from "../../../testing/cloudtrail.js";
import { runInBatches, callSeries } from "../../../testing/cloudtrail-batches.js";
import { massResourceDeletionRule } from "./rule.js";

const TYPE = "Impact:IAMUser/MassResourceDeletion";
const rule = massResourceDeletionRule();

const terminate = (ids: string[], extra: Record<string, unknown> = {}) =>
  apiCall({ eventName: "TerminateInstances", readOnly: false, requestParameters: { instancesSet: { items: ids.map((instanceId) => ({ instanceId })) } }, ...extra });
const deleteBucket = (bucketName: string) => apiCall({ eventSource: "s3.amazonaws.com", eventName: "DeleteBucket", readOnly: false, requestParameters: { bucketName } });
const deleteRecoveryPoint = (i: number) =>
  apiCall({ eventSource: "backup.amazonaws.com", eventName: "DeleteRecoveryPoint", readOnly: false, requestParameters: { backupVaultName: "Default", recoveryPointArn: `arn:aws:backup:eu-west-1:111122223333:recovery-point:${i}` } });
const deleteDatabase = (id: string, parameters: Record<string, unknown>) =>
  apiCall({ eventSource: "rds.amazonaws.com", eventName: "DeleteDBInstance", readOnly: false, requestParameters: { dBInstanceIdentifier: id, ...parameters } });

describe(TYPE, () => {
  it("fires on many instances terminated, in one call or one by one", () => {
    const ids = Array.from({ length: 10 }, (_, i) => `i-${i}`);
    expect(runInBatches(rule, [terminate(ids)]).map((c) => [c.meta.type, c.severity])).toEqual([[TYPE, 5]]);
    expect(runInBatches(rule, callSeries(10, (i) => terminate([ids[i]])), undefined, 100)).toHaveLength(1);
  });

  it("fires on many buckets deleted", () => {
    const found = runInBatches(rule, callSeries(5, (i) => deleteBucket(`b${i}`)), undefined, 100);
    expect(found[0].templateValues.summary).toBe("5 S3 bucket(s)");
  });

  it("raises High when backups are destroyed", () => {
    const found = runInBatches(rule, callSeries(3, (i) => deleteRecoveryPoint(i)), undefined, 100);
    expect(found.map((c) => c.severity)).toEqual([8]);
    const databases = callSeries(3, (i) => deleteDatabase(`db${i}`, { skipFinalSnapshot: true, deleteAutomatedBackups: true }));
    expect(runInBatches(rule, databases, undefined, 100)).toHaveLength(1);
  });

  it("stays quiet on a test stack's teardown", () => {
    const teardown = [
      terminate(["i-1", "i-2", "i-3"]),
      deleteBucket("b1"),
      deleteBucket("b2"),
      deleteDatabase("db1", { skipFinalSnapshot: true, deleteAutomatedBackups: true }),
      deleteDatabase("db2", { skipFinalSnapshot: false, finalDBSnapshotIdentifier: "db2-final" }),
      deleteDatabase("db3", { skipFinalSnapshot: true, deleteAutomatedBackups: false }),
    ];
    expect(runInBatches(rule, callSeries(teardown.length, (i) => teardown[i]))).toEqual([]);
  });

  it("ignores failed calls and AWS services' scale-in", () => {
    const ids = Array.from({ length: 12 }, (_, i) => `i-${i}`);
    expect(runInBatches(rule, [terminate(ids, { errorCode: "Client.UnauthorizedOperation" })])).toEqual([]);
    const scaleIn = terminate(ids, { userIdentity: { type: "AssumedRole", principalId: "AROA:AutoScaling", accountId: "111122223333", invokedBy: "autoscaling.amazonaws.com" } });
    expect(runInBatches(rule, [scaleIn])).toEqual([]);
  });
});
