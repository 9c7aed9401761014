/**
 * Policy:S3/BucketAnonymousAccessGranted and BucketPublicAccessGranted — a successful PutBucketPolicy,
 * PutBucketAcl or CreateBucket whose policy or ACL opens the bucket to anyone (anonymous) or to every
 * authenticated AWS user. GuardDuty proves this with automated reasoning over the bucket's whole
 * configuration; here the grant carried by the call itself is evaluated (shared/policy-exposure.ts,
 * acl-exposure.ts). Anonymous access wins when a call grants both.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { field, jsonDocument, succeeded } from "../shared/request.js";
import { S3_SOURCE, bucketDetail, bucketName } from "../shared/s3.js";
import { aclGrants } from "./acl-exposure.js";
import { BUCKET_ANONYMOUS_ACCESS_GRANTED, BUCKET_PUBLIC_ACCESS_GRANTED } from "./meta.js";
import { policyGrants, type Exposure } from "../shared/policy-exposure.js";

function grantsOf(event: CloudTrailEvent): Array<{ exposure: Exposure; text: string }> {
  if (event.eventName === "PutBucketPolicy") {
    const policy = jsonDocument(field(event.requestParameters, "bucketPolicy"));
    return policy ? policyGrants(policy).map((grant) => ({ exposure: grant.exposure, text: grant.statement })) : [];
  }
  return aclGrants(event.requestParameters).map((grant) => ({ exposure: grant.exposure, text: grant.grant }));
}

export const s3PublicAccessGrantedRule: CloudTrailRule = {
  id: "s3-public-access-granted",
  kind: "cloudtrail",
  findingTypes: [BUCKET_ANONYMOUS_ACCESS_GRANTED, BUCKET_PUBLIC_ACCESS_GRANTED],
  triggers: [{ eventSource: S3_SOURCE, eventNames: ["PutBucketPolicy", "PutBucketAcl", "CreateBucket"] }],
  evaluate(event, _context, emit) {
    if (!succeeded(event)) return;
    const bucket = bucketName(event);
    if (!bucket) return;
    const grants = grantsOf(event);
    if (grants.length === 0) return;
    const anonymous = grants.filter((grant) => grant.exposure === "anonymous");
    const shown = anonymous.length > 0 ? anonymous : grants;
    const meta = anonymous.length > 0 ? BUCKET_ANONYMOUS_ACCESS_GRANTED : BUCKET_PUBLIC_ACCESS_GRANTED;
    emit(
      apiCallCandidate(meta, event, {
        key: [bucket],
        buckets: [bucketDetail(bucket, event.region, "PUBLIC")],
        affectedResources: { "AWS::S3::Bucket": bucket },
        templateValues: { bucket, grants: shown.map((grant) => grant.text).join("; ") },
        additionalInfo: { grants: shown.map((grant) => grant.text) },
      }),
    );
  },
};
