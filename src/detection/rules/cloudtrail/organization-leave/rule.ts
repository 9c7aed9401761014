/**
 * DefenseEvasion:IAMUser/LeaveOrganization — organizations LeaveOrganization, called from a member
 * account. Unlike the configuration rules this one keeps failed calls: an account rarely tries to
 * leave its organization at all, and a refused attempt (the organization's SCPs usually deny it) is
 * the attacker showing intent, so it is raised at Medium; a call that succeeded is High.
 */
import type { CloudTrailRule } from "../../../engine/types.js";
import { SEVERITY } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { succeeded } from "../shared/request.js";
import { ORGANIZATION_LEFT } from "./meta.js";

export const organizationLeaveRule: CloudTrailRule = {
  id: "organization-leave",
  kind: "cloudtrail",
  findingTypes: [ORGANIZATION_LEFT],
  triggers: [{ eventSource: "organizations.amazonaws.com", eventNames: ["LeaveOrganization"] }],
  evaluate(event, _context, emit) {
    const left = succeeded(event);
    emit(
      apiCallCandidate(ORGANIZATION_LEFT, event, {
        key: ["organization"],
        severity: left ? ORGANIZATION_LEFT.severity : SEVERITY.MEDIUM,
        affectedResources: { "AWS::Organizations::Account": event.accountId },
        templateValues: {
          outcome: left ? "took" : "tried",
          result: left ? "succeeded: the account is no longer a member" : `failed with ${event.errorCode}, so the account is still a member`,
        },
        additionalInfo: { left },
      }),
    );
  },
};
