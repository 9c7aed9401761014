/**
 * Exfiltration:S3/BucketAccessGrantedToOutsideAccount and ReplicationToOutsideAccount — a
 * successful PutBucketPolicy whose Allow statements name an outside account (not pinned to an
 * organization by a condition), or a PutBucketReplication whose destination account is outside.
 * "Outside" is shared/accounts.ts: not this account, its organization or an operator-trusted one.
 * AWS's own log-delivery accounts (shared/aws-service-accounts.ts) are not outsiders.
 * Grants to everyone ("*") are s3-public-access-granted's findings, not this family's. Who made the
 * call does not matter: CloudFormation applying such a policy shares the bucket just the same.
 * ACL grants name canonical user ids, which say nothing of the account, and are left alone.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule, DetectionContext, FindingTypeMeta } from "../../../engine/types.js";
import { isOutsideAccount } from "../shared/accounts.js";
import { isAwsLogDeliveryAccount } from "../shared/aws-service-accounts.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { policyAccountGrants } from "../shared/policy-exposure.js";
import { field, jsonDocument, succeeded } from "../shared/request.js";
import { S3_SOURCE, bucketDetail, bucketName } from "../shared/s3.js";
import { BUCKET_ACCESS_GRANTED_TO_OUTSIDE_ACCOUNT, REPLICATION_TO_OUTSIDE_ACCOUNT } from "./meta.js";
import { replicationDestinations } from "./replication.js";

type Exposure = { meta: FindingTypeMeta; accounts: string[]; details: Record<string, string> };

function policyExposure(event: CloudTrailEvent, context: DetectionContext): Exposure | undefined {
  const policy = jsonDocument(field(event.requestParameters, "bucketPolicy"));
  if (!policy) return undefined;
  const grants = policyAccountGrants(policy, (account) => isOutsideAccount(account, event, context) && !isAwsLogDeliveryAccount(account));
  if (grants.length === 0) return undefined;
  return {
    meta: BUCKET_ACCESS_GRANTED_TO_OUTSIDE_ACCOUNT,
    accounts: grants.map((grant) => grant.account),
    details: { grants: grants.map((grant) => grant.statement).join("; ") },
  };
}

function replicationExposure(event: CloudTrailEvent, context: DetectionContext): Exposure | undefined {
  const outside = replicationDestinations(event.requestParameters).filter((destination) => isOutsideAccount(destination.account, event, context));
  if (outside.length === 0) return undefined;
  return {
    meta: REPLICATION_TO_OUTSIDE_ACCOUNT,
    accounts: [...new Set(outside.map((destination) => destination.account))],
    details: { destinations: outside.map((destination) => `${destination.bucket} (account ${destination.account})`).join(", ") },
  };
}

export const s3OutsideAccountRule: CloudTrailRule = {
  id: "s3-outside-account",
  kind: "cloudtrail",
  findingTypes: [BUCKET_ACCESS_GRANTED_TO_OUTSIDE_ACCOUNT, REPLICATION_TO_OUTSIDE_ACCOUNT],
  triggers: [{ eventSource: S3_SOURCE, eventNames: ["PutBucketPolicy", "PutBucketReplication"] }],
  evaluate(event, context, emit) {
    if (!succeeded(event)) return;
    const bucket = bucketName(event);
    if (!bucket) return;
    const exposure = event.eventName === "PutBucketPolicy" ? policyExposure(event, context) : replicationExposure(event, context);
    if (!exposure) return;
    const accounts = exposure.accounts.join(", ");
    emit(
      apiCallCandidate(exposure.meta, event, {
        key: [bucket],
        buckets: [bucketDetail(bucket, event.region)],
        affectedResources: { "AWS::S3::Bucket": bucket },
        templateValues: { bucket, accounts, ...exposure.details },
        additionalInfo: { outsideAccounts: exposure.accounts, ...exposure.details },
        remoteAccountDetails: { accountId: exposure.accounts[0], affiliated: false },
      }),
    );
  },
};
