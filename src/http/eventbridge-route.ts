import type { IncomingHttpHeaders } from "node:http";
import { type ErrorRequestHandler, type RequestHandler, Router } from "express";
import type { StreamSource } from "../services/system/stream-intake.js";
import { boundedRawBody } from "./bounded-body.js";
import { decodedBody, streamFailure, type StreamRouteOptions } from "./stream-requests.js";

type Locals = { source: StreamSource };

const CODES: Partial<Record<number, string>> = { 400: "BAD_USER_INPUT", 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 413: "PAYLOAD_TOO_LARGE" };

/** The header an API destination connection of type API_KEY can name; Authorization works too. */
export const ACCESS_KEY_HEADER = "x-vigil-access-key";

/**
 * The key an EventBridge connection sends: an API_KEY connection's header (x-vigil-access-key, or
 * Authorization: Bearer), or a BASIC connection's password (any user name).
 */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers[ACCESS_KEY_HEADER];
  if (typeof header === "string") return header;
  const authorization = headers.authorization ?? "";
  const [scheme, credentials = ""] = authorization.split(" ", 2);
  if (/^bearer$/i.test(scheme)) return credentials;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(credentials, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon < 0 ? undefined : decoded.slice(colon + 1);
  }
  return undefined;
}

/** `POST /ingest/eventbridge/:logSourceId`: one EventBridge event a request, as API destinations send them. */
export function eventBridgeRouter(options: StreamRouteOptions): Router {
  const authenticate: RequestHandler = async (req, res, next) => {
    try {
      (res.locals as Locals).source = await options.intake.authenticate(String(req.params.logSourceId), "EVENTBRIDGE", presentedKey(req.headers));
      next();
    } catch (error) {
      next(error);
    }
  };
  const accept: RequestHandler = async (req, res, next) => {
    try {
      const accepted = await options.intake.acceptEventBridge((res.locals as Locals).source, await decodedBody(req, options.maxDecodedBytes));
      res.status(200).json({ logSourceId: req.params.logSourceId, objectKey: accepted.objectKey });
    } catch (error) {
      next(error);
    }
  };
  const answerError: ErrorRequestHandler = (error, _req, res, _next) => {
    const { status, message } = streamFailure(error, options);
    res.status(status).json({ error: { code: CODES[status] ?? "INTERNAL_SERVER_ERROR", message } });
  };
  const router = Router();
  router.post("/ingest/eventbridge/:logSourceId", authenticate, boundedRawBody(options.maxBytes), accept, answerError);
  return router;
}
