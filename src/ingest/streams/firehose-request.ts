/** The body Amazon Data Firehose posts to an HTTP endpoint (protocol version 1.0). */
/** A record whose data is not base64 is null: counted broken, never failing the request. */
export type FirehoseRequest = { requestId: string; timestamp: number; records: Array<Buffer | null> };

export class FirehoseRequestError extends Error {}

const MAX_REQUEST_ID_CHARS = 128;
// Base64 as Firehose writes it; Buffer.from would quietly skip anything else.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Checks the shape of a request body (gunzip'd already when it came with Content-Encoding: gzip). */
export function parseFirehoseRequest(text: string): FirehoseRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new FirehoseRequestError("the body is not JSON");
  }
  if (typeof body !== "object" || body === null) throw new FirehoseRequestError("the body is not a JSON object");
  const { requestId, timestamp, records } = body as Record<string, unknown>;
  if (typeof requestId !== "string" || requestId.length === 0 || requestId.length > MAX_REQUEST_ID_CHARS) {
    throw new FirehoseRequestError(`requestId must be a string of 1 to ${MAX_REQUEST_ID_CHARS} characters`);
  }
  if (typeof timestamp !== "number" || !Number.isFinite(timestamp)) throw new FirehoseRequestError("timestamp must be a number (milliseconds since the epoch)");
  if (!Array.isArray(records)) throw new FirehoseRequestError("records must be an array");
  const decoded = records.map((record) => {
    const data = (record as { data?: unknown } | null)?.data;
    return typeof data === "string" && data.length % 4 === 0 && BASE64.test(data) ? Buffer.from(data, "base64") : null;
  });
  return { requestId, timestamp, records: decoded };
}
