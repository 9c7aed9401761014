/**
 * PrivilegeEscalation:IAMUser/AdministratorAccessGranted — a successful IAM call that gives a user,
 * role or group administrator power (see grant.ts for what counts).
 *
 * Trade-offs: the rule cannot tell a new user from an old one, nor an attacker's grant from a
 * platform team's, from one event; administrator grants are rare enough in ordinary work that every
 * one is worth a look. A grant made by a pipeline — CloudFormation deploying a stack (CDK bootstrap
 * attaches AdministratorAccess to its execution role), a web-identity CI session, an EC2 build
 * agent — is IaC and drops to Low rather than silence: an attacker may deploy a stack too. AddUserToGroup is Low because the group's policies are not in the event; a baseline or a
 * lookup may raise it. Policy conditions are not weighed.
 */
import type { CloudTrailRule } from "../../../engine/types.js";
import { SEVERITY } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isPipelineCall } from "../shared/iam-identity.js";
import { succeeded } from "../shared/request.js";
import { adminGrant } from "./grant.js";
import { ADMINISTRATOR_ACCESS_GRANTED } from "./meta.js";

export const iamAdminGrantedRule: CloudTrailRule = {
  id: "iam-admin-granted",
  kind: "cloudtrail",
  findingTypes: [ADMINISTRATOR_ACCESS_GRANTED],
  triggers: [
    {
      eventSource: "iam.amazonaws.com",
      eventNames: ["AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy", "PutUserPolicy", "PutRolePolicy", "PutGroupPolicy", "CreatePolicyVersion", "AddUserToGroup"],
    },
  ],
  evaluate(event, _context, emit) {
    if (!succeeded(event)) return;
    const granted = adminGrant(event);
    if (!granted) return;
    emit(
      apiCallCandidate(ADMINISTRATOR_ACCESS_GRANTED, event, {
        key: [granted.target],
        severity: isPipelineCall(event) ? SEVERITY.LOW : granted.severity,
        affectedResources: { [granted.resourceType]: granted.resource },
        templateValues: { target: granted.target, grant: granted.grant },
        additionalInfo: { grant: granted.grant },
      }),
    );
  },
};
