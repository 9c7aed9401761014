/**
 * ConsoleLogin (signin.amazonaws.com) reports its outcome in responseElements.ConsoleLogin
 * ("Success" / "Failure"), MFA in additionalEventData.MFAUsed, and hides the user name when the
 * user does not exist, so a guessed name cannot be told from a real one.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { field, text } from "./request.js";

export const SIGNIN_SOURCE = "signin.amazonaws.com";
export const HIDDEN_USER = "HIDDEN_DUE_TO_SECURITY_REASONS";

export type ConsoleLoginOutcome = "Success" | "Failure";

export function consoleLoginOutcome(event: CloudTrailEvent): ConsoleLoginOutcome | undefined {
  if (event.eventSource !== SIGNIN_SOURCE || event.eventName !== "ConsoleLogin") return undefined;
  const outcome = text(field(event.responseElements, "ConsoleLogin"));
  if (outcome === "Success" || outcome === "Failure") return outcome;
  return event.errorMessage || event.errorCode ? "Failure" : undefined;
}

/** Who tried to sign in, as a user name (root: "root"); HIDDEN_USER for a name that does not exist. */
export function signInUser(event: CloudTrailEvent): string {
  const identity = event.identity;
  if (identity.type === "Root") return "root";
  return identity.userName || identity.arn || identity.principalId || identity.type;
}
