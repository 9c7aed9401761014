import type { RequestHandler } from "express";

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The body is larger than ${limit} bytes (VIGIL_PUSH_MAX_BYTES); lower the stream's buffer size.`);
  }
}

/**
 * Reads the body as it came, compressed or not, into `req.body` (a Buffer), refusing it past `maxBytes`.
 * Express's own parsers would gunzip it first, but what a body inflates to is counted where it is decoded.
 */
export function boundedRawBody(maxBytes: number): RequestHandler {
  return (req, _res, next) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      return next(new BodyTooLargeError(maxBytes));
    }
    const chunks: Buffer[] = [];
    let length = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      length += chunk.length;
      if (length > maxBytes) {
        failed = true;
        next(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (failed) return;
      req.body = Buffer.concat(chunks, length);
      next();
    });
    req.on("error", (error) => {
      if (!failed) next(error);
      failed = true;
    });
  };
}
