/**
 * "Outside" means outside the accounts Vigil knows for this detector: the event's own account, its
 * organization (administrator and members) and the accounts the operator trusts. AWS service
 * principals and wildcards are not accounts; callers decide what a wildcard means for them.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { DetectionContext } from "../../../engine/types.js";

const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_IN_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+::(\d{12}):/;

/** The 12-digit account a principal names: a bare id, an `arn:aws:iam::<id>:…` ARN, or undefined. */
export function principalAccount(principal: string): string | undefined {
  const trimmed = principal.trim();
  if (ACCOUNT_ID.test(trimmed)) return trimmed;
  return ACCOUNT_IN_ARN.exec(trimmed)?.[1];
}

/** True for an account id that is neither the event's account nor one Vigil knows for the detector. */
export function isOutsideAccount(accountId: string, event: CloudTrailEvent, context: DetectionContext): boolean {
  if (!ACCOUNT_ID.test(accountId)) return false;
  if (accountId === event.accountId || accountId === event.identity.accountId) return false;
  return !context.settings.affiliatedAccountIds.has(accountId) && !context.settings.trustedAccountIds.has(accountId);
}

/** `ec2.amazonaws.com`, `lambda.amazonaws.com`…: AWS acting for the account, not an outsider. */
export function isServicePrincipal(principal: string): boolean {
  return /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(principal.trim());
}
