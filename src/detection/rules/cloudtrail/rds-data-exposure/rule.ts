/**
 * Exfiltration:IAMUser/DatabaseSnapshotExported — a successful StartExportTask (a snapshot or
 * cluster exported to S3). Low: exports are also data-lake routine, and the bucket's owner is not
 * in the call. Policy:IAMUser/DatabaseMadePubliclyAccessible — ModifyDBInstance asking for
 * publiclyAccessible, or a restore (from a snapshot, to a point in time) whose new instance is
 * public: RDS makes restores in a default VPC public unless told otherwise, so the response says
 * what was created. A modification's response reports the instance's state, public before the call
 * or not, so only its request counts. Creating a new, empty database exposes no data and is left alone.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule, Emit } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { field, flag, succeeded, text } from "../shared/request.js";
import { DATABASE_MADE_PUBLIC, DATABASE_SNAPSHOT_EXPORTED } from "./meta.js";

const RESTORES = new Set(["RestoreDBInstanceFromDBSnapshot", "RestoreDBInstanceToPointInTime"]);

function madePublic(event: CloudTrailEvent): boolean {
  if (flag(field(event.requestParameters, "publiclyAccessible")) === true) return true;
  return RESTORES.has(event.eventName) && flag(field(event.responseElements, "publiclyAccessible")) === true;
}

function emitExport(event: CloudTrailEvent, emit: Emit): void {
  const source = text(field(event.requestParameters, "sourceArn")) ?? "an unnamed snapshot";
  const bucket = text(field(event.requestParameters, "s3BucketName")) ?? "an unnamed bucket";
  emit(
    apiCallCandidate(DATABASE_SNAPSHOT_EXPORTED, event, {
      key: [source],
      affectedResources: { "AWS::RDS::DBSnapshot": source, "AWS::S3::Bucket": bucket },
      templateValues: { source, bucket },
    }),
  );
}

export const rdsDataExposureRule: CloudTrailRule = {
  id: "rds-data-exposure",
  kind: "cloudtrail",
  findingTypes: [DATABASE_SNAPSHOT_EXPORTED, DATABASE_MADE_PUBLIC],
  triggers: [{ eventSource: "rds.amazonaws.com", eventNames: ["StartExportTask", "ModifyDBInstance", ...RESTORES] }],
  evaluate(event, _context, emit) {
    if (!succeeded(event)) return;
    if (event.eventName === "StartExportTask") return emitExport(event, emit);
    if (!madePublic(event)) return;
    const parameters = event.requestParameters;
    const named = text(field(parameters, "dBInstanceIdentifier")) ?? text(field(parameters, "targetDBInstanceIdentifier"));
    const instance = named ?? text(field(event.responseElements, "dBInstanceIdentifier")) ?? "an unnamed instance";
    emit(
      apiCallCandidate(DATABASE_MADE_PUBLIC, event, {
        key: [instance],
        affectedResources: { "AWS::RDS::DBInstance": instance },
        templateValues: { instance },
      }),
    );
  },
};
