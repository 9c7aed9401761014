/**
 * Policy:S3/AccountBlockPublicAccessDisabled and BucketBlockPublicAccessDisabled — a successful call
 * that deletes the Block Public Access configuration, or puts one with any of its four protections
 * switched off. A put that does not log its configuration says nothing about what changed and is
 * left alone.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { field, flag, succeeded } from "../shared/request.js";
import { S3_SOURCE, bucketDetail, bucketName } from "../shared/s3.js";
import { ACCOUNT_BLOCK_PUBLIC_ACCESS_DISABLED, BUCKET_BLOCK_PUBLIC_ACCESS_DISABLED } from "./meta.js";

const PROTECTIONS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"];
const ACCOUNT_CALLS = ["PutAccountPublicAccessBlock", "DeleteAccountPublicAccessBlock"];
const BUCKET_CALLS = ["PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock"];
/** Older records name both levels with these; the bucket name tells them apart. */
const AMBIGUOUS_CALLS = ["PutPublicAccessBlock", "DeletePublicAccessBlock"];

/** The protections the call switches off; undefined when the call does not say. */
function disabledProtections(event: CloudTrailEvent): string[] | undefined {
  if (event.eventName.startsWith("Delete")) return [...PROTECTIONS];
  const configuration = field(event.requestParameters, "PublicAccessBlockConfiguration");
  if (configuration === undefined || configuration === null || configuration === "") return undefined;
  return PROTECTIONS.filter((name) => flag(field(configuration, name)) === false);
}

export const s3BlockPublicAccessRule: CloudTrailRule = {
  id: "s3-block-public-access",
  kind: "cloudtrail",
  findingTypes: [ACCOUNT_BLOCK_PUBLIC_ACCESS_DISABLED, BUCKET_BLOCK_PUBLIC_ACCESS_DISABLED],
  triggers: [{ eventSource: S3_SOURCE, eventNames: [...ACCOUNT_CALLS, ...BUCKET_CALLS, ...AMBIGUOUS_CALLS] }],
  evaluate(event, _context, emit) {
    if (!succeeded(event)) return;
    const disabled = disabledProtections(event);
    if (!disabled || disabled.length === 0) return;
    const settings = `${disabled.join(", ")} turned off`;
    const bucket = ACCOUNT_CALLS.includes(event.eventName) ? undefined : bucketName(event);
    if (bucket) {
      emit(
        apiCallCandidate(BUCKET_BLOCK_PUBLIC_ACCESS_DISABLED, event, {
          key: [bucket],
          buckets: [bucketDetail(bucket, event.region)],
          affectedResources: { "AWS::S3::Bucket": bucket },
          templateValues: { bucket, settings },
          additionalInfo: { disabledProtections: disabled },
        }),
      );
    } else if (!BUCKET_CALLS.includes(event.eventName)) {
      emit(
        apiCallCandidate(ACCOUNT_BLOCK_PUBLIC_ACCESS_DISABLED, event, {
          key: [],
          templateValues: { settings },
          additionalInfo: { disabledProtections: disabled },
        }),
      );
    }
  },
};
