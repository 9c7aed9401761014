/**
 * Who is behind an IAM-changing call: the caller's own user or someone else's, and a person or a
 * deployment pipeline. Users may create their own access keys and change their own password; doing
 * it for another user is how an attacker keeps a way in.
 */
import type { CloudTrailEvent, CloudTrailIdentity } from "../../../events.js";
import { isServiceInvoked } from "./identity.js";
import { field, isObject } from "./request.js";

/**
 * True when the caller is the IAM user named. A role session, root or federated user is never "the
 * user" — for them any named user is another, whatever the session is called (the caller picks that).
 */
export function isCallersOwnUser(identity: CloudTrailIdentity, targetUserName: string): boolean {
  return identity.type === "IAMUser" && identity.userName === targetUserName;
}

/** A session from AssumeRoleWithWebIdentity (GitHub Actions, GitLab, Terraform Cloud, EKS pods): `webIdFederationData` names its provider. */
function isWebIdentitySession(event: CloudTrailEvent): boolean {
  const webIdentity = field(field(field(event.raw, "userIdentity"), "sessionContext"), "webIdFederationData");
  return isObject(webIdentity) && field(webIdentity, "federatedProvider") !== undefined;
}

/**
 * The marks of automation the caller cannot fake with a user agent: an AWS service making the call
 * (CloudFormation, CodePipeline…), a web-identity session (how CI systems reach AWS), or an EC2
 * instance profile (build agents). Stolen instance credentials used elsewhere are the
 * InstanceCredentialExfiltration rule's to find.
 */
export function isPipelineCall(event: CloudTrailEvent): boolean {
  return event.identity.type === "AWSService" || isServiceInvoked(event) || event.identity.ec2RoleDelivery !== undefined || isWebIdentitySession(event);
}
