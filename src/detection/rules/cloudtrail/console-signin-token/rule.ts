/**
 * DefenseEvasion:IAMUser/ConsoleSessionFromAccessKeys — a successful GetSigninToken (the federation
 * endpoint turning API credentials into a console sign-in link) by a federated user or a role session.
 *
 * A federated user (GetFederationToken) can only be made from an IAM user's long-term access keys:
 * Medium. A role session is Low: custom identity brokers and tools like granted do the same with role
 * credentials; IAM Identity Center's portal does it for every console visit and is left alone (its
 * sessions are roles under the reserved path aws-reserved/sso.amazonaws.com, named AWSReservedSSO_*).
 * Decided on the identity, not the user agent, which the tool sets.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { SIGNIN_SOURCE } from "../shared/console-login.js";
import { principalKey } from "../shared/identity.js";
import { field, succeeded, text } from "../shared/request.js";
import { CONSOLE_SESSION_FROM_ACCESS_KEYS } from "./meta.js";

function isIdentityCenterSession(event: CloudTrailEvent): boolean {
  const identity = event.identity;
  const role = identity.sessionIssuer?.arn ?? identity.arn ?? "";
  return role.includes("/aws-reserved/sso.amazonaws.com/") || role.includes(":assumed-role/AWSReservedSSO_") || (identity.sessionIssuer?.userName ?? "").startsWith("AWSReservedSSO_");
}

function failed(event: CloudTrailEvent): boolean {
  return !succeeded(event) || text(field(event.responseElements, "GetSigninToken")) === "Failure";
}

export const consoleSigninTokenRule: CloudTrailRule = {
  id: "console-signin-token",
  kind: "cloudtrail",
  findingTypes: [CONSOLE_SESSION_FROM_ACCESS_KEYS],
  triggers: [{ eventSource: SIGNIN_SOURCE, eventNames: ["GetSigninToken"] }],
  evaluate(event, _context, emit) {
    const type = event.identity.type;
    if ((type !== "FederatedUser" && type !== "AssumedRole") || failed(event) || isIdentityCenterSession(event)) return;
    emit(
      apiCallCandidate(CONSOLE_SESSION_FROM_ACCESS_KEYS, event, {
        key: [principalKey(event.identity)],
        severity: type === "AssumedRole" ? 3 : undefined,
        templateValues: { identityType: type === "FederatedUser" ? "a federated user" : "a role session" },
      }),
    );
  },
};
