/**
 * Stealth:S3/ServerAccessLoggingDisabled — a successful PutBucketLogging whose BucketLoggingStatus has
 * no LoggingEnabled element: that is how S3 turns access logging off. A record without the logging
 * status at all says nothing about the new state and is left alone.
 */
import type { CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { field, isObject, succeeded } from "../shared/request.js";
import { S3_SOURCE, bucketDetail, bucketName } from "../shared/s3.js";
import { SERVER_ACCESS_LOGGING_DISABLED } from "./meta.js";

function disablesLogging(parameters: unknown): boolean {
  const status = field(parameters, "BucketLoggingStatus");
  if (status === undefined || status === null) return false;
  const enabled = field(status, "LoggingEnabled");
  return enabled === undefined || enabled === null || (isObject(enabled) && Object.keys(enabled).length === 0);
}

export const s3ServerAccessLoggingRule: CloudTrailRule = {
  id: "s3-server-access-logging",
  kind: "cloudtrail",
  findingTypes: [SERVER_ACCESS_LOGGING_DISABLED],
  triggers: [{ eventSource: S3_SOURCE, eventNames: ["PutBucketLogging"] }],
  evaluate(event, _context, emit) {
    if (!succeeded(event) || !disablesLogging(event.requestParameters)) return;
    const bucket = bucketName(event);
    if (!bucket) return;
    emit(
      apiCallCandidate(SERVER_ACCESS_LOGGING_DISABLED, event, {
        key: [bucket],
        buckets: [bucketDetail(bucket, event.region)],
        affectedResources: { "AWS::S3::Bucket": bucket },
        templateValues: { bucket },
      }),
    );
  },
};
