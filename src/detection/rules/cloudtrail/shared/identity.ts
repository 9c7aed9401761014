/** Reading CloudTrail's userIdentity the way GuardDuty's accessKeyDetails presents it. */
import type { CloudTrailEvent, CloudTrailIdentity } from "../../../events.js";
import type { AccessKeyDetails } from "../../../findings/types.js";

/** A stable name for "who": principalId (role id + session name for sessions), else the ARN or key. */
export function principalKey(identity: CloudTrailIdentity): string {
  return identity.principalId || identity.arn || identity.accessKeyId || identity.type;
}

/** The session name of an assumed-role ARN (arn:aws:sts::<acct>:assumed-role/<role>/<session>). */
export function sessionName(identity: CloudTrailIdentity): string | undefined {
  const arn = identity.arn;
  if (arn && arn.includes(":assumed-role/")) {
    const slash = arn.lastIndexOf("/");
    if (slash > 0 && arn.indexOf("/") < slash) return arn.slice(slash + 1);
  }
  const principalId = identity.principalId;
  const colon = principalId ? principalId.indexOf(":") : -1;
  return colon > 0 ? principalId!.slice(colon + 1) : undefined;
}

/** GuardDuty's userName: the IAM user, the role behind a session, or "Root". */
export function displayUserName(identity: CloudTrailIdentity): string {
  if (identity.type === "Root") return "Root";
  return identity.userName || identity.sessionIssuer?.userName || sessionName(identity) || identity.arn || identity.principalId || identity.type;
}

/** How a title names the caller: the ARN when there is one, since user names repeat across accounts. */
export function principalLabel(identity: CloudTrailIdentity): string {
  return identity.arn || displayUserName(identity);
}

export function accessKeyDetails(identity: CloudTrailIdentity): AccessKeyDetails {
  const details: AccessKeyDetails = { userType: identity.type, userName: displayUserName(identity) };
  if (identity.accessKeyId) details.accessKeyId = identity.accessKeyId;
  if (identity.principalId) details.principalId = identity.principalId;
  return details;
}

/**
 * The console and sign-in front ends act for a person at a browser; other invokers are AWS services
 * acting on the principal's behalf (CloudFormation, Config, EKS…), not the principal itself.
 */
const HUMAN_FRONT_ENDS = new Set(["signin.amazonaws.com", "console.amazonaws.com"]);

export function isServiceInvoked(event: CloudTrailEvent): boolean {
  const invokedBy = event.identity.invokedBy;
  if (invokedBy && !HUMAN_FRONT_ENDS.has(invokedBy)) return true;
  return event.eventType === "AwsServiceEvent";
}
