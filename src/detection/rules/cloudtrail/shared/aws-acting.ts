/**
 * Calls AWS makes for the account rather than a principal making them itself: a service principal
 * (identity type AWSService), a service invoking on a principal's behalf (CloudFormation resolving a
 * dynamic reference, ECS injecting a task's secrets), or a call whose source is a service name
 * ("lambda.amazonaws.com", "AWS Internal") instead of an address. sourceIPAddress is written by AWS,
 * not the caller, so unlike a user agent it cannot be forged.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { isServiceInvoked } from "./identity.js";
import { isAddress } from "./source-address.js";

export function isAwsActingForAccount(event: CloudTrailEvent): boolean {
  if (event.identity.type === "AWSService" || isServiceInvoked(event)) return true;
  const source = event.sourceIp;
  return source !== "" && !isAddress(source) && (source.endsWith(".amazonaws.com") || source === "AWS Internal");
}
