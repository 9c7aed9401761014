/**
 * DefenseEvasion:IAMUser/BucketShortLifecycle — PutBucketLifecycle(Configuration) that makes S3 delete
 * every object, or CloudTrail's log prefix, within a few days (Stratus Red Team's
 * cloudtrail-lifecycle-rule sets one day).
 *
 * The trade-off: CloudTrail's events never say which bucket a trail writes to, and a cold detector
 * has not seen the CreateTrail, so the rule decides from the lifecycle itself. A whole-bucket expiry
 * this short also fits scratch buckets (query results, build caches), so those fire at Low; a rule
 * on the AWSLogs/ prefix, or on a bucket whose name says it holds logs, audit records or trails, is
 * Medium. Deleting a trail's bucket is not raised: the S3 event does not name the trail either, IaC
 * teardown deletes trail buckets right after the trail, and the DeleteTrail itself is raised by
 * cloudtrail-logging-disabled.
 */
import type { CloudTrailRule } from "../../../engine/types.js";
import { SEVERITY } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isAwsServiceActing } from "../shared/impairment-rule.js";
import { field, succeeded } from "../shared/request.js";
import { S3_SOURCE, bucketName } from "../shared/s3.js";
import { shortExpiry } from "./lifecycle.js";
import { BUCKET_SHORT_LIFECYCLE } from "./meta.js";

const LOG_BUCKET_WORDS = ["log", "trail", "audit"];

function holdsLogs(bucket: string): boolean {
  const lower = bucket.toLowerCase();
  return LOG_BUCKET_WORDS.some((word) => lower.includes(word));
}

export const bucketShortLifecycleRule: CloudTrailRule = {
  id: "bucket-short-lifecycle",
  kind: "cloudtrail",
  findingTypes: [BUCKET_SHORT_LIFECYCLE],
  triggers: [{ eventSource: S3_SOURCE, eventNames: ["PutBucketLifecycle", "PutBucketLifecycleConfiguration"] }],
  evaluate(event, _context, emit) {
    if (!succeeded(event)) return;
    const expiry = shortExpiry(field(event.requestParameters, "LifecycleConfiguration"), event.time);
    if (!expiry) return;
    const bucket = bucketName(event);
    if (!bucket) return;
    const logs = expiry.scope === "CloudTrail's log prefix" || holdsLogs(bucket);
    const severity = logs && !isAwsServiceActing(event) ? SEVERITY.MEDIUM : SEVERITY.LOW;
    const days = expiry.days === 1 ? "1 day" : `${expiry.days} days`;
    emit(
      apiCallCandidate(BUCKET_SHORT_LIFECYCLE, event, {
        key: [bucket],
        severity,
        affectedResources: { "AWS::S3::Bucket": bucket },
        templateValues: { bucket, ruleId: expiry.ruleId, days, scope: expiry.scope === "every object" ? "every object" : `the objects under ${expiry.prefix}` },
        additionalInfo: { lifecycleRule: expiry.ruleId, expirationDays: expiry.days, prefix: expiry.prefix },
      }),
    );
  },
};
