/**
 * What an IAM permission call grants, when it is administrator power: an AWS-managed policy that is
 * (or lets its holder become) administrator, an inline or default policy version allowing "*" on "*"
 * (or all of IAM, or assuming any role), or membership of a group whose policies the event does not
 * show.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY } from "../../../engine/types.js";
import { adminEquivalentGrant, policyDocument } from "../shared/iam-policy.js";
import { field, flag, text } from "../shared/request.js";

/**
 * AWS-managed policies that are administrator or one step from it. IAMFullAccess lets its holder
 * attach AdministratorAccess to itself; PowerUserAccess is everything but IAM and Organizations.
 * Scoped "…FullAccess" service policies are not here: they do not reach beyond their service.
 */
const ADMIN_MANAGED_POLICIES: ReadonlyMap<string, number> = new Map([
  ["AdministratorAccess", SEVERITY.HIGH],
  ["IAMFullAccess", SEVERITY.HIGH],
  ["PowerUserAccess", SEVERITY.MEDIUM],
]);

const AWS_MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/** target labels the entity for people ("role deploy"); resourceType + resource name it for affectedResources. */
export type AdminGrant = { target: string; resourceType: string; resource: string; grant: string; severity: number };

/** The IAM entity a call names: "user bob", "role deploy", "group admins". */
function namedTarget(event: CloudTrailEvent): Pick<AdminGrant, "target" | "resourceType" | "resource"> | undefined {
  const parameters = event.requestParameters;
  for (const [name, label, resourceType] of [
    ["userName", "user", "AWS::IAM::User"],
    ["roleName", "role", "AWS::IAM::Role"],
    ["groupName", "group", "AWS::IAM::Group"],
  ] as const) {
    const value = text(field(parameters, name));
    if (value) return { target: `${label} ${value}`, resourceType, resource: value };
  }
  return undefined;
}

function managedPolicyGrant(event: CloudTrailEvent): AdminGrant | undefined {
  const policyArn = text(field(event.requestParameters, "policyArn"));
  const policyName = policyArn && AWS_MANAGED_POLICY_ARN.exec(policyArn)?.[1];
  const severity = policyName ? ADMIN_MANAGED_POLICIES.get(policyName) : undefined;
  const target = namedTarget(event);
  if (severity === undefined || !target) return undefined;
  return { ...target, grant: `the AWS-managed policy ${policyName}`, severity };
}

function inlinePolicyGrant(event: CloudTrailEvent): AdminGrant | undefined {
  const document = policyDocument(field(event.requestParameters, "policyDocument"));
  const grant = document && adminEquivalentGrant(document);
  const target = namedTarget(event);
  if (!grant || !target) return undefined;
  const policyName = text(field(event.requestParameters, "policyName")) ?? "an inline policy";
  return { ...target, grant: `${grant} through inline policy ${policyName}`, severity: SEVERITY.HIGH };
}

/** A new policy version only takes effect when made the default; then everyone it is attached to gains it. */
function policyVersionGrant(event: CloudTrailEvent): AdminGrant | undefined {
  if (flag(field(event.requestParameters, "setAsDefault")) !== true) return undefined;
  const document = policyDocument(field(event.requestParameters, "policyDocument"));
  const grant = document && adminEquivalentGrant(document);
  const policyArn = text(field(event.requestParameters, "policyArn"));
  if (!grant || !policyArn) return undefined;
  return { target: `the holders of policy ${policyArn}`, resourceType: "AWS::IAM::ManagedPolicy", resource: policyArn, grant: `${grant} as its default version`, severity: SEVERITY.HIGH };
}

function groupMembershipGrant(event: CloudTrailEvent): AdminGrant | undefined {
  const userName = text(field(event.requestParameters, "userName"));
  const groupName = text(field(event.requestParameters, "groupName"));
  if (!userName || !groupName) return undefined;
  return { target: `user ${userName}`, resourceType: "AWS::IAM::User", resource: userName, grant: `the permissions of group ${groupName} (not shown in the event)`, severity: SEVERITY.LOW };
}

export function adminGrant(event: CloudTrailEvent): AdminGrant | undefined {
  switch (event.eventName) {
    case "AttachUserPolicy":
    case "AttachRolePolicy":
    case "AttachGroupPolicy":
      return managedPolicyGrant(event);
    case "PutUserPolicy":
    case "PutRolePolicy":
    case "PutGroupPolicy":
      return inlinePolicyGrant(event);
    case "CreatePolicyVersion":
      return policyVersionGrant(event);
    case "AddUserToGroup":
      return groupMembershipGrant(event);
  }
  return undefined;
}
