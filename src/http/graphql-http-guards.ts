import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { RequestLimitError } from "../graphql/limits/request-limits.js";
import type { Logger } from "../logger.js";

/** Answers as GraphQL over HTTP does, so a client reads every failure of /graphql the same way. */
export function sendGraphQLError(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

const METHODS = new Set(["GET", "POST", "OPTIONS"]);

/** A wrong method or content type, which Apollo would answer in plain text, answered in GraphQL's JSON shape. */
export function graphqlRequestGuard(): RequestHandler {
  return (req, res, next) => {
    if (!METHODS.has(req.method)) {
      res.setHeader("Allow", "GET, POST, OPTIONS");
      return sendGraphQLError(res, 405, "METHOD_NOT_ALLOWED", `${req.method} is not supported on /graphql; use POST (or GET for queries).`);
    }
    if (req.method === "POST" && !req.is("application/json")) {
      return sendGraphQLError(res, 415, "UNSUPPORTED_MEDIA_TYPE", "Send the request as Content-Type: application/json.");
    }
    next();
  };
}

/** Runs once the body is parsed: a query over a request limit is refused before Apollo parses and validates it. */
export function requestLimitsGuard(check: (query: string) => RequestLimitError[]): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    const query = req.method === "GET" ? req.query.query : body && typeof body === "object" ? (body as { query?: unknown }).query : undefined;
    const refused = typeof query === "string" ? check(query) : [];
    if (refused.length === 0) return next();
    res.status(400).json({ errors: refused.map((error) => ({ message: error.message, locations: error.locations, extensions: { code: error.code, limit: error.limit } })) });
  };
}

type BodyParserError = { type?: string; status?: number; message?: string };

/** Body parser failures on /graphql (too large, not JSON, unknown encoding) as GraphQL errors. */
export function graphqlBodyErrors(maxBodyBytes: number, logger: Logger): ErrorRequestHandler {
  return (error: BodyParserError, _req, res, next) => {
    if (res.headersSent) return next(error);
    if (error.type === "entity.too.large") {
      return sendGraphQLError(res, 413, "PAYLOAD_TOO_LARGE", `The body is larger than ${maxBodyBytes} bytes (VIGIL_MAX_BODY_BYTES).`, { limit: maxBodyBytes });
    }
    if (error.type === "entity.parse.failed") return sendGraphQLError(res, 400, "BAD_REQUEST", "The body is not valid JSON.");
    if (error.type === "encoding.unsupported" || error.type === "charset.unsupported") {
      return sendGraphQLError(res, 415, "UNSUPPORTED_MEDIA_TYPE", "The body's encoding or charset is not supported.");
    }
    if (typeof error.status === "number" && error.status < 500) return sendGraphQLError(res, error.status, "BAD_REQUEST", "The request body could not be read.");
    logger.error({ err: error }, "internal error while reading a GraphQL request");
    sendGraphQLError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
  };
}
