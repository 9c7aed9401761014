/**
 * Calls AWS makes for the account rather than a principal making them itself: a service principal
 * (identity type AWSService), a service invoking on a principal's behalf (CloudFormation resolving a
 * dynamic reference, ECS injecting a task's secrets), or a call whose source is a service name
 * ("lambda.amazonaws.com", "AWS Internal") instead of an address. sourceIPAddress is written by AWS,
 * not the caller, so unlike a user agent it cannot be forged. A session of a service-linked role is
 * AWS too: only the service named in its path may assume it (its trust policy cannot be changed).
 */
import type { CloudTrailEvent, CloudTrailIdentity } from "../../../events.js";
import { isServiceInvoked } from "./identity.js";
import { isAddress } from "./source-address.js";

/** A session of a service-linked role (arn:aws:iam::<account>:role/aws-service-role/<service>/AWSServiceRoleFor…). */
export function isServiceLinkedRoleSession(identity: CloudTrailIdentity): boolean {
  // Asked of every role session by rules that see every event: the name's reserved prefix rejects most at the first letters.
  const issuer = identity.sessionIssuer;
  return identity.type === "AssumedRole" && issuer !== undefined && (issuer.userName?.startsWith("AWSServiceRoleFor") ?? true) && (issuer.arn?.includes(":role/aws-service-role/") ?? false);
}

export function isAwsActingForAccount(event: CloudTrailEvent): boolean {
  if (event.identity.type === "AWSService" || isServiceInvoked(event) || isServiceLinkedRoleSession(event.identity)) return true;
  const source = event.sourceIp;
  // The name tests first: they reject every caller's address without parsing it.
  return (source.endsWith(".amazonaws.com") || source === "AWS Internal") && !isAddress(source);
}
