import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { DomainError } from "../services/errors.js";
import type { Logger } from "../logger.js";
import { RequestLimitError } from "./limits/request-limits.js";

// Codes graphql-js and Apollo raise themselves for a malformed request; they describe the
// client's mistake and are safe to pass on.
const CLIENT_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "TOO_MANY_REQUESTS",
]);

/** Turns a domain error into the GraphQL error clients see. */
export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: error.code } });
}

/**
 * The last stop before an error leaves the server: domain errors keep their message and code;
 * anything unexpected (a bug, a database error) is logged and replaced by a generic message,
 * so no stack trace, SQL or internal detail reaches a client.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof DomainError) {
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.code } };
    }
    if (original instanceof RequestLimitError) {
      return { message: original.message, locations: formatted.locations, extensions: { code: original.code, limit: original.limit } };
    }
    const code = formatted.extensions?.code;
    const raisedByGraphQL = original instanceof GraphQLError;
    if (raisedByGraphQL && typeof code === "string" && CLIENT_ERROR_CODES.has(code)) {
      return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code } };
    }
    logger.error({ err: original, path: formatted.path }, "internal error while serving a GraphQL request");
    return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
