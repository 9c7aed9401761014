/**
 * Where a PutBucketReplication sends objects. Each rule's Destination names the bucket by ARN
 * (arn:aws:s3:::name — S3 ARNs carry no account) and, for a bucket another account owns, that
 * account in Destination.Account (required with AccessControlTranslation). Only that field says
 * whose bucket it is, so a destination without it is taken as a bucket of the same account:
 * guessing otherwise would flag every same-account disaster-recovery replica.
 */
import { asArray, field, text, type Json } from "../shared/request.js";

export type ReplicationDestination = { bucket: string; account: string };

export function replicationDestinations(requestParameters: Json | null): ReplicationDestination[] {
  const configuration = field(requestParameters, "ReplicationConfiguration");
  const destinations: ReplicationDestination[] = [];
  for (const rule of asArray(field(configuration, "Rule"))) {
    if (text(field(rule, "Status")) === "Disabled") continue;
    const destination = field(rule, "Destination");
    const account = text(field(destination, "Account"));
    if (account) destinations.push({ bucket: text(field(destination, "Bucket")) ?? "an unnamed bucket", account: account.trim() });
  }
  return destinations;
}
