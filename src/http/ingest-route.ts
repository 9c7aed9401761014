import express, { type ErrorRequestHandler, type RequestHandler, Router } from "express";
import { type PushIntake, PushTooLargeError } from "../services/log-sources/push-intake.js";
import type { Logger } from "../logger.js";
import { type Actor, requireAccount } from "../services/actor.js";
import type { Authenticator } from "../services/auth/authenticator.js";
import { DomainError } from "../services/errors.js";

export type IngestRouteOptions = { authenticator: Authenticator; push: PushIntake; maxBytes: number; logger: Logger };

const STATUS: Record<DomainError["code"], number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400, NOT_FOUND: 404, CONFLICT: 409 };

type Locals = { actor: Actor };

/**
 * `POST /ingest/:logSourceId`: a batch of records for a push source, authenticated with an API key of
 * the source's account or of its administrator. The credential is checked before the body is read.
 */
export function ingestRouter(options: IngestRouteOptions): Router {
  const authenticate: RequestHandler = async (req, res, next) => {
    try {
      (res.locals as Locals).actor = requireAccount(await options.authenticator.authenticate(req.headers.authorization));
      next();
    } catch (error) {
      next(error);
    }
  };
  // Any content type: JSON, NDJSON, text flow logs, or gzip of these (the parser tells them apart by their bytes).
  const body = express.raw({ type: () => true, limit: options.maxBytes });
  const accept: RequestHandler = async (req, res, next) => {
    try {
      const payload = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const accepted = await options.push.accept((res.locals as Locals).actor, String(req.params.logSourceId), payload);
      res.status(202).json({ logSourceId: req.params.logSourceId, ...accepted });
    } catch (error) {
      next(error);
    }
  };
  const answerError: ErrorRequestHandler = (error, _req, res, _next) => {
    if (error instanceof PushTooLargeError) {
      res.status(413).json({ error: { code: "PAYLOAD_TOO_LARGE", message: error.message } });
    } else if (error instanceof DomainError) {
      res.status(STATUS[error.code]).json({ error: { code: error.code, message: error.message } });
    } else if ((error as { type?: string }).type === "entity.too.large") {
      res.status(413).json({ error: { code: "PAYLOAD_TOO_LARGE", message: `The body is larger than ${options.maxBytes} bytes (VIGIL_PUSH_MAX_BYTES); split the batch.` } });
    } else if (typeof (error as { status?: unknown }).status === "number" && (error as { status: number }).status < 500) {
      res.status((error as { status: number }).status).json({ error: { code: "BAD_REQUEST", message: (error as Error).message } });
    } else {
      options.logger.error({ err: error }, "internal error while accepting a push");
      res.status(500).json({ error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" } });
    }
  };
  const router = Router();
  router.post("/ingest/:logSourceId", authenticate, body, accept, answerError);
  return router;
}
