/**
 * S3 ransomware and destruction patterns, per identity and bucket within a window (S3 data events):
 * - Impact:S3/MassDeletion — `minKeys` distinct objects deleted (DeleteObject, or the keys a
 *   DeleteObjects call lists when the log carries them), or `minBatches` DeleteObjects calls.
 * - Impact:S3/ObjectsEncryptedWithCustomerKey — PutObject/CopyObject/multipart writes carrying an
 *   SSE-C key (x-amz-server-side-encryption-customer-algorithm): Low for one to four objects, High
 *   from `minEncrypted`.
 *
 * Trade-off: infrastructure as code empties a bucket with one DeleteObjects call per 1,000 keys just
 * before deleting it (Terraform's force_destroy), so a single batch call is not enough — a small
 * bucket emptied by one call is missed, two calls or twenty listed keys are not. Failed calls and
 * calls by AWS services (replication, invokedBy) are left out.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type WindowedRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { identityBurstRule, type IdentityBurstPartial } from "../shared/identity-burst.js";
import { principalKey } from "../shared/identity.js";
import { asArray, field, text } from "../shared/request.js";
import { bucketDetail, bucketName, S3_SOURCE } from "../shared/s3.js";
import { S3_MASS_DELETION, S3_OBJECTS_ENCRYPTED_WITH_CUSTOMER_KEY } from "./meta.js";

export type S3MassDeletionSettings = { windowMs: number; minKeys: number; minBatches: number; minEncrypted: number };

export const S3_MASS_DELETION_DEFAULTS: S3MassDeletionSettings = { windowMs: 10 * 60_000, minKeys: 20, minBatches: 2, minEncrypted: 5 };

/** Value prefixes: a batch call, an encrypting call's API, an encrypted key, a deleted key. */
const BATCH = "b:";
const CALL = "c:";
const ENCRYPTED = "e:";
const DELETED = "k:";

const SSE_C_HEADER = "x-amz-server-side-encryption-customer-algorithm";
const WRITES: ReadonlySet<string> = new Set(["PutObject", "CopyObject", "CreateMultipartUpload", "UploadPartCopy"]);

/** Keys a DeleteObjects call lists, where the log carries its body or the objects as resources. */
function listedKeys(event: CloudTrailEvent): string[] {
  const keys: string[] = [];
  const body = field(event.requestParameters, "delete");
  for (const object of asArray(field(body, "Object") ?? field(body, "objects"))) {
    const key = text(field(object, "Key"));
    if (key) keys.push(DELETED + key);
  }
  for (const resource of event.resources ?? []) {
    if (resource.type === "AWS::S3::Object" && resource.ARN) keys.push(DELETED + resource.ARN.slice(resource.ARN.indexOf("/") + 1));
  }
  return keys;
}

function withPrefix(values: readonly string[], prefix: string): string[] {
  return values.filter((value) => value.startsWith(prefix)).map((value) => value.slice(prefix.length));
}

export function s3MassDeletionRule(overrides: Partial<S3MassDeletionSettings> = {}): WindowedRule<CloudTrailEvent, IdentityBurstPartial> {
  const settings = { ...S3_MASS_DELETION_DEFAULTS, ...overrides };
  const window = String(settings.windowMs / 60_000);
  return identityBurstRule({
    id: "s3-mass-deletion",
    findingTypes: [S3_MASS_DELETION, S3_OBJECTS_ENCRYPTED_WITH_CUSTOMER_KEY],
    settings: { windowMs: settings.windowMs, cap: 256 },
    triggers: [{ eventSource: S3_SOURCE, eventNames: ["DeleteObject", "DeleteObjects", ...WRITES] }],
    observe(event, context) {
      if (event.eventSource !== S3_SOURCE || event.errorCode !== undefined || !context.settings.s3DataEvents) return undefined;
      const name = event.eventName;
      const deleting = name === "DeleteObject" || name === "DeleteObjects";
      if (!deleting && !WRITES.has(name)) return undefined;
      if (isAwsActingForAccount(event)) return undefined;
      const bucket = bucketName(event);
      if (!bucket) return undefined;
      const key = text(field(event.requestParameters, "key"));
      if (name === "DeleteObject") return key ? { subject: bucket, values: [DELETED + key] } : undefined;
      if (name === "DeleteObjects") return { subject: bucket, values: [BATCH + event.eventId, ...listedKeys(event)] };
      if (field(event.requestParameters, SSE_C_HEADER) === undefined) return undefined;
      return { subject: bucket, values: key ? [CALL + name, ENCRYPTED + key] : [CALL + name] };
    },
    decide(values, sample, bucket, _context, emit) {
      const shared = { key: [principalKey(sample.identity), bucket], buckets: [bucketDetail(bucket, sample.region)] };
      const encrypted = withPrefix(values, ENCRYPTED);
      if (encrypted.length > 0) {
        emit(
          apiCallCandidate(S3_OBJECTS_ENCRYPTED_WITH_CUSTOMER_KEY, sample, {
            ...shared,
            severity: encrypted.length >= settings.minEncrypted ? S3_OBJECTS_ENCRYPTED_WITH_CUSTOMER_KEY.severity : SEVERITY.LOW,
            templateValues: { bucket, objects: String(encrypted.length), calls: withPrefix(values, CALL).join(", "), window },
            additionalInfo: { encryptedObjects: encrypted.length, sampleKeys: encrypted.slice(0, 10), windowMinutes: settings.windowMs / 60_000 },
          }),
        );
      }
      const keys = withPrefix(values, DELETED);
      const batches = withPrefix(values, BATCH).length;
      if (keys.length < settings.minKeys && batches < settings.minBatches) return;
      const deleted = [keys.length > 0 ? `${keys.length} objects by key` : "", batches > 0 ? `${batches} DeleteObjects batch call(s)` : ""].filter(Boolean).join(" and ");
      emit(
        apiCallCandidate(S3_MASS_DELETION, sample, {
          ...shared,
          templateValues: { bucket, objects: String(keys.length || `${batches} batches of`), deleted, window },
          additionalInfo: { deletedKeys: keys.length, batchCalls: batches, sampleKeys: keys.slice(0, 10), windowMinutes: settings.windowMs / 60_000 },
        }),
      );
    },
  });
}
