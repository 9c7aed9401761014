/**
 * Which CloudTrail error codes mean "you are not allowed" (as opposed to throttling, validation or
 * missing resources). Services spell it differently: IAM-style AccessDenied(Exception), EC2's
 * (Client.)UnauthorizedOperation, SNS's AuthorizationError, Cognito's NotAuthorizedException.
 */
const DENIED_CODES: ReadonlySet<string> = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "Client.UnauthorizedOperation",
  "AuthorizationError",
  "AuthorizationErrorException",
  "UnauthorizedAccess",
  "UnauthorizedException",
  "Forbidden",
]);

export function isDeniedCode(errorCode: string | undefined): boolean {
  if (errorCode === undefined) return false;
  return DENIED_CODES.has(errorCode) || errorCode.includes("NotAuthorized");
}
