/**
 * Whether an IAM call acts on the caller's own user. Users may create their own access keys and
 * change their own password; doing it for another user is how an attacker keeps a way in.
 */
import type { CloudTrailIdentity } from "../../../events.js";

/**
 * True when the caller is the IAM user named. A role session, root or federated user is never "the
 * user" — for them any named user is another, whatever the session is called (the caller picks that).
 */
export function isCallersOwnUser(identity: CloudTrailIdentity, targetUserName: string): boolean {
  return identity.type === "IAMUser" && identity.userName === targetUserName;
}

/** Sessions of IAM Identity Center permission sets: roles only AWS can create, under this path. */
const IDENTITY_CENTER_ROLE_PATH = "/aws-reserved/sso.amazonaws.com/";

/**
 * A person rather than a pipeline: long-term user keys, root, federated users, Identity Center users
 * and their permission-set sessions. Other role sessions are usually automation (CI/CD, services).
 */
export function isHumanIdentity(identity: CloudTrailIdentity): boolean {
  switch (identity.type) {
    case "IAMUser":
    case "Root":
    case "FederatedUser":
    case "IdentityCenterUser":
      return true;
    case "AssumedRole":
      return identity.sessionIssuer?.arn?.includes(IDENTITY_CENTER_ROLE_PATH) ?? false;
  }
  return false;
}
