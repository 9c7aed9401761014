/** Builds the candidate of a CloudTrail API call the same way for every rule family. */
import type { CloudTrailEvent } from "../../../events.js";
import type { FindingCandidate, FindingTypeMeta } from "../../../engine/types.js";
import type { S3BucketDetail } from "../../../findings/types.js";
import { cloudTrailSource } from "../../../findings/source-ref.js";
import type { ThreatMatch } from "../../../intel/lookup.js";
import { accessKeyDetails, displayUserName, principalLabel } from "./identity.js";

export type ApiCallOptions = {
  /** The aggregation key after the account id, e.g. [bucket] or [principal]. */
  key: readonly string[];
  /** Defaults to the type's severity. */
  severity?: number;
  /** Required for types whose resource is S3Bucket. */
  buckets?: S3BucketDetail[];
  /** GuardDuty's affectedResources: CloudFormation-style type → ARN or name. */
  affectedResources?: Record<string, string>;
  templateValues?: Record<string, string>;
  threatIntel?: ThreatMatch[];
  additionalInfo?: Record<string, unknown>;
  remoteAccountDetails?: { accountId: string; affiliated: boolean };
};

export function apiCallCandidate(meta: FindingTypeMeta, event: CloudTrailEvent, options: ApiCallOptions): FindingCandidate {
  const identity = event.identity;
  const candidate: FindingCandidate = {
    meta,
    severity: options.severity ?? meta.severity,
    accountId: event.accountId,
    region: event.region,
    aggregationKey: [event.accountId, ...options.key].join("|"),
    time: event.time,
    resource:
      meta.resourceType === "S3Bucket"
        ? { resourceType: "S3Bucket", accessKeyDetails: accessKeyDetails(identity), s3BucketDetails: options.buckets ?? [] }
        : { resourceType: "AccessKey", accessKeyDetails: accessKeyDetails(identity) },
    action: {
      actionType: "AWS_API_CALL",
      api: event.eventName,
      serviceName: event.eventSource,
      caller: event.sourceIp,
      errorCode: event.errorCode,
      userAgent: event.userAgent,
      remoteAccountDetails: options.remoteAccountDetails,
      affectedResources: options.affectedResources ?? {},
    },
    templateValues: {
      principal: principalLabel(identity),
      userName: displayUserName(identity),
      api: event.eventName,
      service: event.eventSource,
      caller: event.sourceIp,
      account: event.accountId,
      region: event.region,
      ...options.templateValues,
    },
    source: cloudTrailSource(event),
  };
  if (options.threatIntel) candidate.threatIntel = options.threatIntel;
  if (options.additionalInfo) candidate.additionalInfo = options.additionalInfo;
  return candidate;
}
