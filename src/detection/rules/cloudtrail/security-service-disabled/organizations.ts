/**
 * AWS Organizations, seen from the management account: trusted access of a security service turned
 * off (an organization trail stops covering the members, GuardDuty or Security Hub stops enrolling
 * them) or its delegated administrator removed. Other services' integrations are left alone.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { Impairment, ImpairmentCheck } from "../shared/impairment-rule.js";
import { parameter } from "./checks.js";

const SECURITY_SERVICE_PRINCIPALS = new Set([
  "cloudtrail.amazonaws.com",
  "guardduty.amazonaws.com",
  "malware-protection.guardduty.amazonaws.com",
  "securityhub.amazonaws.com",
  "config.amazonaws.com",
  "config-multiaccountsetup.amazonaws.com",
  "macie.amazonaws.com",
  "inspector2.amazonaws.com",
  "access-analyzer.amazonaws.com",
  "detective.amazonaws.com",
  "fms.amazonaws.com",
]);

function securityPrincipal(event: CloudTrailEvent): string | undefined {
  const principal = parameter(event, "servicePrincipal");
  return principal && SECURITY_SERVICE_PRINCIPALS.has(principal) ? principal : undefined;
}

function trustedAccessDisabled(event: CloudTrailEvent): Impairment | undefined {
  const principal = securityPrincipal(event);
  if (!principal) return undefined;
  return { effect: `turned off ${principal}'s trusted access to the organization, so it stops covering member accounts`, target: principal, resourceType: "AWS::Organizations::Organization" };
}

function delegatedAdministratorRemoved(event: CloudTrailEvent): Impairment | undefined {
  const principal = securityPrincipal(event);
  if (!principal) return undefined;
  const account = parameter(event, "accountId") ?? "its delegated administrator";
  return { effect: `removed ${account} as ${principal}'s delegated administrator`, target: `${principal}/${account}`, resourceType: "AWS::Organizations::Organization" };
}

export const ORGANIZATIONS: Readonly<Record<string, ImpairmentCheck>> = {
  DisableAWSServiceAccess: trustedAccessDisabled,
  DeregisterDelegatedAdministrator: delegatedAdministratorRemoved,
};
