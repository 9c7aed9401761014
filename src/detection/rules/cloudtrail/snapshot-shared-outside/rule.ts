/**
 * Exfiltration:IAMUser/SnapshotSharedOutside — a successful call that lets an outside account or
 * everyone restore a snapshot: EC2 ModifySnapshotAttribute adding createVolumePermission, RDS
 * ModifyDBSnapshotAttribute / ModifyDBClusterSnapshotAttribute adding to the "restore" attribute
 * (DocumentDB and Neptune log the same calls), Redshift AuthorizeSnapshotAccess.
 * Sharing within the account's organization or with operator-trusted accounts is ordinary backup
 * and migration work and stays quiet (shared/permission-grants.ts); so do removals.
 * Policy:IAMUser/SnapshotBlockPublicAccessDisabled — EC2 DisableSnapshotBlockPublicAccess, the
 * guard against public snapshots taken away.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { ec2PermissionAdditions, sharedWith, sharingGrant } from "../shared/permission-grants.js";
import { asArray, field, succeeded, text } from "../shared/request.js";
import { SNAPSHOT_BLOCK_PUBLIC_ACCESS_DISABLED, SNAPSHOT_SHARED_OUTSIDE } from "./meta.js";

type Target = { kind: string; snapshot: string; resourceType: string; added: string[] };

function target(event: CloudTrailEvent): Target | undefined {
  const parameters = event.requestParameters;
  switch (event.eventName) {
    case "ModifySnapshotAttribute":
      return {
        kind: "EBS snapshot",
        snapshot: text(field(parameters, "snapshotId")) ?? "an unnamed snapshot",
        resourceType: "AWS::EC2::Snapshot",
        added: ec2PermissionAdditions(parameters, "createVolumePermission"),
      };
    case "ModifyDBSnapshotAttribute":
    case "ModifyDBClusterSnapshotAttribute": {
      if (text(field(parameters, "attributeName"))?.toLowerCase() !== "restore") return undefined;
      const cluster = event.eventName === "ModifyDBClusterSnapshotAttribute";
      const snapshot = text(field(parameters, cluster ? "dBClusterSnapshotIdentifier" : "dBSnapshotIdentifier"));
      return {
        kind: cluster ? "RDS cluster snapshot" : "RDS snapshot",
        snapshot: snapshot ?? "an unnamed snapshot",
        resourceType: cluster ? "AWS::RDS::DBClusterSnapshot" : "AWS::RDS::DBSnapshot",
        added: asArray(field(parameters, "valuesToAdd")).filter((value): value is string => typeof value === "string"),
      };
    }
    case "AuthorizeSnapshotAccess": {
      const account = text(field(parameters, "accountWithRestoreAccess"));
      return {
        kind: "Redshift snapshot",
        snapshot: text(field(parameters, "snapshotIdentifier")) ?? text(field(parameters, "snapshotArn")) ?? "an unnamed snapshot",
        resourceType: "AWS::Redshift::ClusterSnapshot",
        added: account ? [account.trim()] : [],
      };
    }
  }
  return undefined;
}

export const snapshotSharedOutsideRule: CloudTrailRule = {
  id: "snapshot-shared-outside",
  kind: "cloudtrail",
  findingTypes: [SNAPSHOT_SHARED_OUTSIDE, SNAPSHOT_BLOCK_PUBLIC_ACCESS_DISABLED],
  triggers: [
    { eventSource: "ec2.amazonaws.com", eventNames: ["ModifySnapshotAttribute", "DisableSnapshotBlockPublicAccess"] },
    { eventSource: "rds.amazonaws.com", eventNames: ["ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute"] },
    { eventSource: "redshift.amazonaws.com", eventNames: ["AuthorizeSnapshotAccess"] },
  ],
  evaluate(event, context, emit) {
    if (!succeeded(event)) return;
    if (event.eventName === "DisableSnapshotBlockPublicAccess") {
      emit(apiCallCandidate(SNAPSHOT_BLOCK_PUBLIC_ACCESS_DISABLED, event, { key: [event.region] }));
      return;
    }
    const shared = target(event);
    const grant = shared && sharingGrant(shared.added, event, context);
    if (!shared || !grant) return;
    emit(
      apiCallCandidate(SNAPSHOT_SHARED_OUTSIDE, event, {
        key: [shared.snapshot],
        severity: grant.public ? 8 : SNAPSHOT_SHARED_OUTSIDE.severity,
        affectedResources: { [shared.resourceType]: shared.snapshot },
        templateValues: { kind: shared.kind, snapshot: shared.snapshot, sharedWith: sharedWith(grant) },
        additionalInfo: { public: grant.public, outsideAccounts: grant.outsideAccounts },
        remoteAccountDetails: grant.outsideAccounts.length > 0 ? { accountId: grant.outsideAccounts[0], affiliated: false } : undefined,
      }),
    );
  },
};
