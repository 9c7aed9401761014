/**
 * Persistence:IAMUser/RoleTrustOpenedToOutsideAccount — CreateRole or UpdateAssumeRolePolicy whose
 * trust policy lets "*" or an account outside the ones Vigil knows (the account, its organization,
 * operator-trusted accounts) assume the role: a door the attacker can walk back through from their
 * own account after losing the stolen credentials.
 *
 * Trade-offs: IaC creates roles all day, but trusting the account's own root, an organization
 * account or an AWS service is ordinary and is not flagged; a vendor integration trusting its own
 * account is flagged (Medium with an sts:ExternalId) until the operator adds that account to the
 * trusted list. CloudFormation-made roles are judged the same way: the trust is what matters.
 */
import type { CloudTrailRule } from "../../../engine/types.js";
import { SEVERITY } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { policyDocument } from "../shared/iam-policy.js";
import { field, succeeded, text } from "../shared/request.js";
import { ROLE_TRUST_OPENED_TO_OUTSIDE_ACCOUNT } from "./meta.js";
import { trustOpening } from "./trust-policy.js";

export const iamRoleTrustOpenedRule: CloudTrailRule = {
  id: "iam-role-trust-opened",
  kind: "cloudtrail",
  findingTypes: [ROLE_TRUST_OPENED_TO_OUTSIDE_ACCOUNT],
  triggers: [{ eventSource: "iam.amazonaws.com", eventNames: ["CreateRole", "UpdateAssumeRolePolicy"] }],
  evaluate(event, context, emit) {
    if (!succeeded(event)) return;
    const parameters = event.requestParameters;
    const policy = policyDocument(field(parameters, event.eventName === "CreateRole" ? "assumeRolePolicyDocument" : "policyDocument"));
    if (!policy) return;
    const opening = trustOpening(policy, event, context);
    if (!opening) return;
    const role = text(field(parameters, "roleName")) ?? "(name not logged)";
    const outsiders = opening.outsiders.map((outsider) => (outsider === "*" ? "any AWS principal (\"*\")" : `account ${outsider}`)).join(", ");
    const remoteAccount = opening.outsiders.find((outsider) => outsider !== "*");
    emit(
      apiCallCandidate(ROLE_TRUST_OPENED_TO_OUTSIDE_ACCOUNT, event, {
        key: [role],
        severity: opening.externalIdRequired && !opening.outsiders.includes("*") ? SEVERITY.MEDIUM : SEVERITY.HIGH,
        affectedResources: { "AWS::IAM::Role": role },
        templateValues: { role, outsiders },
        additionalInfo: { trustedOutsiders: opening.outsiders, externalIdRequired: opening.externalIdRequired },
        remoteAccountDetails: remoteAccount ? { accountId: remoteAccount, affiliated: false } : undefined,
      }),
    );
  },
};
