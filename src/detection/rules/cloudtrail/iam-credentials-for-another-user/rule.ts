/**
 * Credentials made for someone else: CreateAccessKey, CreateLoginProfile and UpdateLoginProfile
 * naming an IAM user other than the caller (any named user, when the caller is a role session, root
 * or a federated user). Users rotating their own key or password are left alone.
 *
 * Trade-off: infrastructure-as-code also creates a user and then its key or console password, and
 * from one event that provisioning looks the same as a backdoor. It stays Medium from a direct call
 * (Terraform run by hand calls IAM directly) and drops to Low from a pipeline (CloudFormation, a
 * web-identity CI session, an EC2 build agent: marks a user agent cannot fake); a login
 * profile whose password must be reset at first sign-in is a help-desk reset and is Low too (an
 * attacker can still use it, which is why it is not dropped). Failed calls created nothing.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isCallersOwnUser, isPipelineCall } from "../shared/iam-identity.js";
import { field, flag, succeeded, text } from "../shared/request.js";
import { ACCESS_KEY_CREATED_FOR_ANOTHER_USER, LOGIN_PROFILE_CHANGED_FOR_ANOTHER_USER } from "./meta.js";

function newAccessKeyId(event: CloudTrailEvent): string {
  return text(field(field(event.responseElements, "accessKey"), "accessKeyId")) ?? "(not logged)";
}

export const iamCredentialsForAnotherUserRule: CloudTrailRule = {
  id: "iam-credentials-for-another-user",
  kind: "cloudtrail",
  findingTypes: [ACCESS_KEY_CREATED_FOR_ANOTHER_USER, LOGIN_PROFILE_CHANGED_FOR_ANOTHER_USER],
  triggers: [{ eventSource: "iam.amazonaws.com", eventNames: ["CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile"] }],
  evaluate(event, _context, emit) {
    if (!succeeded(event)) return;
    // Without a userName, IAM acts on the caller itself.
    const targetUser = text(field(event.requestParameters, "userName"));
    if (!targetUser || isCallersOwnUser(event.identity, targetUser)) return;
    const byPipeline = isPipelineCall(event);
    const affectedResources = { "AWS::IAM::User": targetUser };
    if (event.eventName === "CreateAccessKey") {
      const newAccessKey = newAccessKeyId(event);
      emit(
        apiCallCandidate(ACCESS_KEY_CREATED_FOR_ANOTHER_USER, event, {
          key: [targetUser],
          severity: byPipeline ? SEVERITY.LOW : undefined,
          affectedResources,
          templateValues: { targetUser, newAccessKey },
          additionalInfo: { targetUser, newAccessKeyId: newAccessKey },
        }),
      );
      return;
    }
    const resetRequired = flag(field(event.requestParameters, "passwordResetRequired")) === true;
    emit(
      apiCallCandidate(LOGIN_PROFILE_CHANGED_FOR_ANOTHER_USER, event, {
        key: [targetUser],
        severity: byPipeline || resetRequired ? SEVERITY.LOW : undefined,
        affectedResources,
        templateValues: { targetUser, resetRequired: String(resetRequired) },
        additionalInfo: { targetUser, passwordResetRequired: resetRequired },
      }),
    );
  },
};
