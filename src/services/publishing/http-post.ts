import http from "node:http";
import https from "node:https";
import { type AddressPolicy, checkLiteralAddress, policyLookup } from "./address-policy.js";

/** A delivery that will fail the same way however often it is retried (the receiver refused it, a forbidden address). */
export class PermanentDeliveryError extends Error {}

/** A delivery worth retrying; `retryAfterMs` is how long the receiver asked to be left alone (Retry-After). */
export class RetryableDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

export type HttpPost = { url: string; body: string; headers: Record<string, string> };

/** What the receiver answered: its status and the start of its body (for lastError and test notifications). */
export type HttpAnswer = { status: number; body: string; retryAfterMs: number | null };

const RESPONSE_BYTES_KEPT = 200;

/** Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3); anything else is ignored. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * POSTs a body under the destination address policy. Redirects are not followed (a redirect could
 * lead past the address checks). Resolves with any HTTP answer; rejects when there is none.
 */
export function postToDestination(request: HttpPost, policy: AddressPolicy, timeoutMs: number): Promise<HttpAnswer> {
  const url = new URL(request.url);
  try {
    checkLiteralAddress(url, policy);
  } catch (error) {
    return Promise.reject(new PermanentDeliveryError((error as Error).message));
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(url, {
      method: "POST",
      lookup: policyLookup(policy),
      timeout: timeoutMs,
      headers: { "content-length": Buffer.byteLength(request.body), ...request.headers },
    });
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on("error", (error) => reject(error.message.includes("VIGIL_PUBLISH_ALLOW_PRIVATE_ADDRESSES") ? new PermanentDeliveryError(error.message) : error));
    outgoing.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text = (text + chunk).slice(0, RESPONSE_BYTES_KEPT)));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text.trim(), retryAfterMs: retryAfterMs(response.headers["retry-after"]) }));
      response.on("error", reject);
    });
    outgoing.end(request.body);
  });
}

/** A 2xx answer is the only success. 408, 429 and 5xx are worth retrying; other 4xx are not. */
export function requireSuccess(answer: HttpAnswer): HttpAnswer {
  const { status, body } = answer;
  if (status >= 200 && status < 300) return answer;
  const message = `the receiver answered HTTP ${status}${body ? `: ${body}` : ""}`;
  throw status >= 400 && status < 500 && status !== 408 && status !== 429 ? new PermanentDeliveryError(message) : new RetryableDeliveryError(message, answer.retryAfterMs);
}
