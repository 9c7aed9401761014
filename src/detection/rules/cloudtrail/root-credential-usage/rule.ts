/**
 * Policy:IAMUser/RootCredentialUsage and ShortTermRootCredentialUsage — any request made with the
 * root user's credentials, API calls and S3 data events alike. Two kinds of record are not the root
 * using its credentials: calls an AWS service made on the root's behalf (invokedBy a service, AWS
 * service events), and sign-in steps that failed (the credentials did not authenticate).
 * Sessions opened through sts:AssumeRoot are marked `assumedRoot` in the session context.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isServiceInvoked } from "../shared/identity.js";
import { field, flag, isObject, text } from "../shared/request.js";
import { s3DataApiClass } from "../shared/s3.js";
import { ROOT_CREDENTIAL_USAGE, SHORT_TERM_ROOT_CREDENTIAL_USAGE } from "./meta.js";

/** Sign-in events report their outcome in responseElements ({"ConsoleLogin": "Failure"}). */
function isFailedSignIn(event: CloudTrailEvent): boolean {
  if (event.eventSource !== "signin.amazonaws.com" || !isObject(event.responseElements)) return false;
  return Object.values(event.responseElements).some((value) => text(value) === "Failure");
}

function isShortTermRootSession(event: CloudTrailEvent): boolean {
  const sessionContext = field(event.raw.userIdentity, "sessionContext");
  return flag(field(sessionContext, "assumedRoot")) === true;
}

export const rootCredentialUsageRule: CloudTrailRule = {
  id: "root-credential-usage",
  kind: "cloudtrail",
  findingTypes: [ROOT_CREDENTIAL_USAGE, SHORT_TERM_ROOT_CREDENTIAL_USAGE],
  evaluate(event, context, emit) {
    if (event.identity.type !== "Root" || isServiceInvoked(event) || isFailedSignIn(event)) return;
    if (!context.settings.s3DataEvents && s3DataApiClass(event)) return;
    const meta = isShortTermRootSession(event) ? SHORT_TERM_ROOT_CREDENTIAL_USAGE : ROOT_CREDENTIAL_USAGE;
    emit(apiCallCandidate(meta, event, { key: [] }));
  },
};
