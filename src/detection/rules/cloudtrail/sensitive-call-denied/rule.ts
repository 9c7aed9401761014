/**
 * Discovery:IAMUser/SensitiveCallDenied — AWS refused a call that would have granted IAM power, read
 * a secret or decrypted data, assumed a role outside the organization, touched the organization, or
 * silenced CloudTrail/GuardDuty (sensitive-apis.ts). A single refusal is Low: CI roles missing a
 * permission hit it too, but repeats of one call by one principal aggregate into one finding, and a
 * burst of refusals is DeniedCallsBurst's job.
 *
 * Calls AWS services made for the principal (invokedBy, or a service name as the source address)
 * are left out: the principal did not choose them.
 *
 * Sees every CloudTrail event (its calls span whole services: iam Create*, organizations *), so it
 * returns on the first comparison for the calls that succeeded — nearly all of them.
 */
import type { CloudTrailRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isDeniedCode } from "../shared/denied.js";
import { principalKey } from "../shared/identity.js";
import { SENSITIVE_CALL_DENIED } from "./meta.js";
import { sensitivity } from "./sensitive-apis.js";

export const sensitiveCallDeniedRule: CloudTrailRule = {
  id: "sensitive-call-denied",
  kind: "cloudtrail",
  findingTypes: [SENSITIVE_CALL_DENIED],
  evaluate(event, context, emit) {
    if (event.errorCode === undefined || !isDeniedCode(event.errorCode)) return;
    if (isAwsActingForAccount(event)) return;
    const why = sensitivity(event, context);
    if (!why) return;
    emit(
      apiCallCandidate(SENSITIVE_CALL_DENIED, event, {
        key: [principalKey(event.identity), event.eventSource, event.eventName],
        templateValues: { why, errorCode: event.errorCode },
        additionalInfo: { why, errorCode: event.errorCode },
      }),
    );
  },
};
