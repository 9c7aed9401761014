/** The body Amazon Data Firehose posts to an HTTP endpoint (protocol version 1.0). */
/** Records as they came: each is checked and decoded when the stored request is processed, never in the request. */
export type FirehoseRequest = { requestId: string; timestamp: number; records: unknown[] };

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
  return { requestId, timestamp, records };
}

/** A record's data; null when it is missing or not base64, which counts it broken without failing the request. */
export function recordData(record: unknown): Buffer | null {
  const data = (record as { data?: unknown } | null)?.data;
  return typeof data === "string" && data.length % 4 === 0 && BASE64.test(data) ? Buffer.from(data, "base64") : null;
}
