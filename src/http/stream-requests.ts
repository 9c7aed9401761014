import type { Request } from "express";
import type { Logger } from "../logger.js";
import { DomainError } from "../services/errors.js";
import type { StreamIntake } from "../services/system/stream-intake.js";
import { DecompressedTooLargeError, gunzipAtMost } from "../ingest/streams/bounded-gunzip.js";
import { FirehoseRequestError } from "../ingest/streams/firehose-request.js";
import { EventBridgeEventError } from "../ingest/streams/eventbridge-event.js";
import { BodyTooLargeError } from "./bounded-body.js";

/** What the Firehose and EventBridge routes share: their limits, errors and body decoding. */
export type StreamRouteOptions = { intake: StreamIntake; maxBytes: number; maxDecodedBytes: number; logger: Logger };

const STATUS: Record<DomainError["code"], number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400, NOT_FOUND: 404, CONFLICT: 409 };

/** The status an error answers and what it says; Firehose and EventBridge retry what is not 200. */
export function streamFailure(error: unknown, options: StreamRouteOptions): { status: number; message: string } {
  if (error instanceof DomainError) return { status: STATUS[error.code], message: error.message };
  if (error instanceof DecompressedTooLargeError) return { status: 413, message: `The request ${error.message}; lower the stream's buffer size.` };
  if (error instanceof BodyTooLargeError) return { status: 413, message: error.message };
  if (error instanceof FirehoseRequestError || error instanceof EventBridgeEventError) return { status: 400, message: `The request cannot be read: ${error.message}.` };
  if ((error as { code?: string }).code?.startsWith("Z_")) return { status: 400, message: "The request cannot be read: truncated or corrupt gzip." };
  options.logger.error({ err: error }, "internal error while accepting a streamed delivery");
  return { status: 500, message: "Internal server error; the delivery was not kept." };
}

/** The body as text: gunzip'd when its Content-Encoding says so, never past `maxDecodedBytes`. */
export async function decodedBody(req: Request, maxDecodedBytes: number): Promise<string> {
  const payload = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const encoding = String(req.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding === "gzip") return (await gunzipAtMost(payload, maxDecodedBytes)).toString("utf8");
  if (encoding !== "identity") throw new FirehoseRequestError(`Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not gzip`);
  if (payload.length > maxDecodedBytes) throw new DecompressedTooLargeError(maxDecodedBytes);
  return payload.toString("utf8");
}
