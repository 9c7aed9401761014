/**
 * Domain errors. Services throw these; the transport maps each to its public code
 * (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND). Anything else is an internal error
 * and reaches clients only as a generic message.
 */
export abstract class DomainError extends Error {
  abstract readonly code: "UNAUTHENTICATED" | "FORBIDDEN" | "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT";
}

export class UnauthenticatedError extends DomainError {
  readonly code = "UNAUTHENTICATED";
  constructor(message = "A valid API key or operator token is required (Authorization: Bearer <key>).") {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = "FORBIDDEN";
}

export class InvalidInputError extends DomainError {
  readonly code = "BAD_USER_INPUT";
}

export class NotFoundError extends DomainError {
  readonly code = "NOT_FOUND";
}

/** The request is valid but the current state forbids it (e.g. an invalid status transition). */
export class ConflictError extends DomainError {
  readonly code = "CONFLICT";
}
