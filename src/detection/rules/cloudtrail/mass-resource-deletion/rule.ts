/**
 * Impact:IAMUser/MassResourceDeletion — one identity destroys many resources within a window:
 * `minInstances` EC2 instances terminated, `minBuckets` buckets deleted, or `minBackups` backups
 * destroyed (AWS Backup recovery points or vaults, RDS instances/clusters deleted with
 * skipFinalSnapshot and deleteAutomatedBackups, which leaves nothing to restore from).
 *
 * Infrastructure as code tears down what it built, often all at once: the thresholds sit above a
 * test stack's handful of instances and buckets, and a backup wiped by a Terraform destroy counts
 * only from three. Calls by AWS services (Auto Scaling scale-in, Backup's own lifecycle: invokedBy)
 * and failed calls are left out.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type WindowedRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { identityBurstRule, type IdentityBurstPartial } from "../shared/identity-burst.js";
import { principalKey } from "../shared/identity.js";
import { asArray, field, flag, text } from "../shared/request.js";
import { bucketName, S3_SOURCE } from "../shared/s3.js";
import { MASS_RESOURCE_DELETION } from "./meta.js";

export type MassDeletionSettings = { windowMs: number; minInstances: number; minBuckets: number; minBackups: number };

export const MASS_DELETION_DEFAULTS: MassDeletionSettings = { windowMs: 10 * 60_000, minInstances: 10, minBuckets: 5, minBackups: 3 };

/** Value prefixes, one per kind of destroyed resource. */
const BACKUP = "backup:";
const BUCKET = "bucket:";
const INSTANCE = "instance:";

function terminatedInstances(parameters: Record<string, unknown> | null): string[] {
  const ids: string[] = [];
  for (const item of asArray(field(field(parameters, "instancesSet"), "items"))) {
    const id = text(field(item, "instanceId"));
    if (id) ids.push(INSTANCE + id);
  }
  return ids;
}

/** A database deleted with no final snapshot and without its automated backups: nothing to restore. */
function unrecoverableDatabase(parameters: Record<string, unknown> | null): string | undefined {
  if (flag(field(parameters, "skipFinalSnapshot")) !== true || flag(field(parameters, "deleteAutomatedBackups")) === false) return undefined;
  const id = text(field(parameters, "dBInstanceIdentifier")) ?? text(field(parameters, "dBClusterIdentifier"));
  return id && `${BACKUP}rds:${id}`;
}

function destroyed(event: CloudTrailEvent): string[] | undefined {
  const parameters = event.requestParameters;
  switch (event.eventSource) {
    case "ec2.amazonaws.com":
      return event.eventName === "TerminateInstances" ? terminatedInstances(parameters) : undefined;
    case S3_SOURCE: {
      const bucket = event.eventName === "DeleteBucket" ? bucketName(event) : undefined;
      return bucket ? [BUCKET + bucket] : undefined;
    }
    case "rds.amazonaws.com": {
      if (event.eventName !== "DeleteDBInstance" && event.eventName !== "DeleteDBCluster") return undefined;
      const database = unrecoverableDatabase(parameters);
      return database ? [database] : undefined;
    }
    case "backup.amazonaws.com": {
      if (event.eventName === "DeleteRecoveryPoint") return [`${BACKUP}point:${text(field(parameters, "recoveryPointArn")) ?? event.eventId}`];
      if (event.eventName === "DeleteBackupVault") return [`${BACKUP}vault:${text(field(parameters, "backupVaultName")) ?? event.eventId}`];
      return undefined;
    }
  }
  return undefined;
}

function withPrefix(values: readonly string[], prefix: string): string[] {
  return values.filter((value) => value.startsWith(prefix)).map((value) => value.slice(prefix.length));
}

export function massResourceDeletionRule(overrides: Partial<MassDeletionSettings> = {}): WindowedRule<CloudTrailEvent, IdentityBurstPartial> {
  const settings = { ...MASS_DELETION_DEFAULTS, ...overrides };
  return identityBurstRule({
    id: "mass-resource-deletion",
    findingTypes: [MASS_RESOURCE_DELETION],
    settings: { windowMs: settings.windowMs, cap: 128 },
    // The calls destroyed() reads.
    triggers: [
      { eventSource: "ec2.amazonaws.com", eventNames: ["TerminateInstances"] },
      { eventSource: S3_SOURCE, eventNames: ["DeleteBucket"] },
      { eventSource: "rds.amazonaws.com", eventNames: ["DeleteDBInstance", "DeleteDBCluster"] },
      { eventSource: "backup.amazonaws.com", eventNames: ["DeleteRecoveryPoint", "DeleteBackupVault"] },
    ],
    observe(event) {
      if (event.errorCode !== undefined || event.readOnly === true) return undefined;
      const first = event.eventName.charCodeAt(0);
      // D(elete…) and T(erminate…): every other call is rejected on its first letter.
      if (first !== 0x44 && first !== 0x54) return undefined;
      if (isAwsActingForAccount(event)) return undefined;
      const values = destroyed(event);
      return values ? { subject: "", values } : undefined;
    },
    decide(values, sample, _subject, _context, emit) {
      const backups = withPrefix(values, BACKUP);
      const buckets = withPrefix(values, BUCKET);
      const instances = withPrefix(values, INSTANCE);
      if (backups.length < settings.minBackups && buckets.length < settings.minBuckets && instances.length < settings.minInstances) return;
      const summary = [
        instances.length ? `${instances.length} EC2 instance(s)` : "",
        buckets.length ? `${buckets.length} S3 bucket(s)` : "",
        backups.length ? `${backups.length} backup(s) or unrecoverable database(s)` : "",
      ]
        .filter(Boolean)
        .join(", ");
      emit(
        apiCallCandidate(MASS_RESOURCE_DELETION, sample, {
          key: [principalKey(sample.identity)],
          severity: backups.length > 0 ? SEVERITY.HIGH : MASS_RESOURCE_DELETION.severity,
          templateValues: { summary, sampleList: [...backups, ...buckets, ...instances].slice(0, 10).join(", "), window: String(settings.windowMs / 60_000) },
          additionalInfo: { instances: instances.length, buckets: buckets.length, backups, windowMinutes: settings.windowMs / 60_000 },
        }),
      );
    },
  });
}
