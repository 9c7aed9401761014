/**
 * Exfiltration:IAMUser/ImageSharedOutside — a successful ModifyImageAttribute adding a launch
 * permission for an outside account or for everyone (group "all"). Sharing within the account's
 * organization or with operator-trusted accounts is how golden images are distributed and stays
 * quiet (shared/permission-grants.ts). Policy:IAMUser/ImageBlockPublicAccessDisabled —
 * DisableImageBlockPublicAccess, the guard against public AMIs taken away.
 */
import type { CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { ec2PermissionAdditions, sharedWith, sharingGrant } from "../shared/permission-grants.js";
import { field, succeeded, text } from "../shared/request.js";
import { IMAGE_BLOCK_PUBLIC_ACCESS_DISABLED, IMAGE_SHARED_OUTSIDE } from "./meta.js";

export const imageSharedOutsideRule: CloudTrailRule = {
  id: "image-shared-outside",
  kind: "cloudtrail",
  findingTypes: [IMAGE_SHARED_OUTSIDE, IMAGE_BLOCK_PUBLIC_ACCESS_DISABLED],
  triggers: [{ eventSource: "ec2.amazonaws.com", eventNames: ["ModifyImageAttribute", "DisableImageBlockPublicAccess"] }],
  evaluate(event, context, emit) {
    if (!succeeded(event)) return;
    if (event.eventName === "DisableImageBlockPublicAccess") {
      emit(apiCallCandidate(IMAGE_BLOCK_PUBLIC_ACCESS_DISABLED, event, { key: [event.region] }));
      return;
    }
    const grant = sharingGrant(ec2PermissionAdditions(event.requestParameters, "launchPermission"), event, context);
    if (!grant) return;
    const image = text(field(event.requestParameters, "imageId")) ?? "an unnamed image";
    emit(
      apiCallCandidate(IMAGE_SHARED_OUTSIDE, event, {
        key: [image],
        severity: grant.public ? 8 : IMAGE_SHARED_OUTSIDE.severity,
        affectedResources: { "AWS::EC2::Image": image },
        templateValues: { image, sharedWith: sharedWith(grant) },
        additionalInfo: { public: grant.public, outsideAccounts: grant.outsideAccounts },
        remoteAccountDetails: grant.outsideAccounts.length > 0 ? { accountId: grant.outsideAccounts[0], affiliated: false } : undefined,
      }),
    );
  },
};
