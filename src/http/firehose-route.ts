import { type ErrorRequestHandler, type Request, type RequestHandler, type Response, Router } from "express";
import type { Logger } from "../logger.js";
import { DomainError } from "../services/errors.js";
import type { StreamIntake, StreamSource } from "../services/system/stream-intake.js";
import { DecompressedTooLargeError, gunzipAtMost } from "../ingest/streams/bounded-gunzip.js";
import { FirehoseRequestError, parseFirehoseRequest } from "../ingest/streams/firehose-request.js";
import { EventBridgeEventError } from "../ingest/streams/eventbridge-event.js";
import { BodyTooLargeError, boundedRawBody } from "./bounded-body.js";

export type StreamRouteOptions = { intake: StreamIntake; maxBytes: number; maxDecodedBytes: number; logger: Logger };

type Locals = { source: StreamSource };

const STATUS: Record<DomainError["code"], number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400, NOT_FOUND: 404, CONFLICT: 409 };

/** The status an error answers and what it says; Firehose and EventBridge retry what is not 200. */
export function streamFailure(error: unknown, options: StreamRouteOptions): { status: number; message: string } {
  if (error instanceof DomainError) return { status: STATUS[error.code], message: error.message };
  if (error instanceof DecompressedTooLargeError) return { status: 413, message: `The request ${error.message}; lower the stream's buffer size.` };
  if (error instanceof BodyTooLargeError) return { status: 413, message: error.message };
  if (error instanceof FirehoseRequestError || error instanceof EventBridgeEventError) return { status: 400, message: `The request cannot be read: ${error.message}.` };
  if ((error as { code?: string }).code?.startsWith("Z_")) return { status: 400, message: "The request cannot be read: truncated or corrupt gzip." };
  if (typeof (error as { status?: unknown }).status === "number" && (error as { status: number }).status < 500) {
    return { status: (error as { status: number }).status, message: (error as Error).message };
  }
  options.logger.error({ err: error }, "internal error while accepting a streamed delivery");
  return { status: 500, message: "Internal server error; the delivery was not kept." };
}

export async function decodedBody(req: Request, maxDecodedBytes: number): Promise<string> {
  const payload = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const encoding = String(req.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding === "gzip") return (await gunzipAtMost(payload, maxDecodedBytes)).toString("utf8");
  if (encoding !== "identity") throw new FirehoseRequestError(`Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not gzip`);
  if (payload.length > maxDecodedBytes) throw new DecompressedTooLargeError(maxDecodedBytes);
  return payload.toString("utf8");
}

/**
 * `POST /ingest/firehose/:logSourceId`: Amazon Data Firehose's HTTP endpoint delivery (protocol 1.0).
 * The access key (X-Amz-Firehose-Access-Key) is checked before the body is read; every answer is
 * Firehose's JSON response, `{requestId, timestamp}` plus `errorMessage` when it is not a 200.
 */
export function firehoseRouter(options: StreamRouteOptions): Router {
  const requestIdOf = (req: Request) => String(req.headers["x-amz-firehose-request-id"] ?? "").slice(0, 128);
  const answer = (res: Response, status: number, requestId: string, errorMessage?: string) =>
    void res.status(status).json({ requestId, timestamp: Date.now(), ...(errorMessage === undefined ? {} : { errorMessage }) });

  const authenticate: RequestHandler = async (req, res, next) => {
    try {
      const key = req.headers["x-amz-firehose-access-key"];
      (res.locals as Locals).source = await options.intake.authenticate(String(req.params.logSourceId), "FIREHOSE", typeof key === "string" ? key : undefined);
      next();
    } catch (error) {
      next(error);
    }
  };
  const accept: RequestHandler = async (req, res, next) => {
    try {
      const request = parseFirehoseRequest(await decodedBody(req, options.maxDecodedBytes));
      await options.intake.acceptFirehose((res.locals as Locals).source, request);
      answer(res, 200, request.requestId);
    } catch (error) {
      next(error);
    }
  };
  const answerError: ErrorRequestHandler = (error, req, res, _next) => {
    const { status, message } = streamFailure(error, options);
    answer(res, status, requestIdOf(req), message);
  };
  const router = Router();
  router.post("/ingest/firehose/:logSourceId", authenticate, boundedRawBody(options.maxBytes), accept, answerError);
  return router;
}
