import { type ErrorRequestHandler, type Request, type RequestHandler, type Response, Router } from "express";
import type { StreamSource } from "../services/system/stream-intake.js";
import { parseFirehoseRequest } from "../ingest/streams/firehose-request.js";
import { boundedRawBody } from "./bounded-body.js";
import { decodedBody, streamFailure, type StreamRouteOptions } from "./stream-requests.js";

type Locals = { source: StreamSource };

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
      // Decoded only to check it: what is stored is the body as it came, which the process job decodes again.
      const request = parseFirehoseRequest(await decodedBody(req, options.maxDecodedBytes));
      await options.intake.acceptFirehose((res.locals as Locals).source, request.requestId, req.body as Buffer);
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
