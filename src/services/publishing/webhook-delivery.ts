import http from "node:http";
import https from "node:https";
import { type AddressPolicy, checkLiteralAddress, policyLookup } from "./address-policy.js";
import { SIGNATURE_HEADER, signatureFor } from "./webhook-signature.js";

/** A delivery that will fail the same way however often it is retried (the receiver refused it, a forbidden address). */
export class PermanentDeliveryError extends Error {}

export type WebhookRequest = { url: string; secret: string; body: string; deliveryId: string };

const RESPONSE_BYTES_KEPT = 200;

/**
 * POSTs one signed event. Redirects are not followed (a redirect could lead past the address
 * checks), and a 2xx answer is the only success. 408, 429 and 5xx are worth retrying; other 4xx are not.
 */
export function postWebhook(request: WebhookRequest, policy: AddressPolicy, timeoutMs: number): Promise<void> {
  const url = new URL(request.url);
  try {
    checkLiteralAddress(url, policy);
  } catch (error) {
    return Promise.reject(new PermanentDeliveryError((error as Error).message));
  }
  const client = url.protocol === "https:" ? https : http;
  const timestamp = Math.floor(Date.now() / 1000);
  return new Promise((resolve, reject) => {
    const outgoing = client.request(url, {
      method: "POST",
      lookup: policyLookup(policy),
      timeout: timeoutMs,
      headers: {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(request.body),
        "user-agent": "Vigil-Webhook/1",
        "x-vigil-delivery": request.deliveryId,
        [SIGNATURE_HEADER]: signatureFor(request.secret, request.body, timestamp),
      },
    });
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on("error", (error) => reject(error.message.includes("VIGIL_PUBLISH_ALLOW_PRIVATE_ADDRESSES") ? new PermanentDeliveryError(error.message) : error));
    outgoing.on("response", (response) => {
      const status = response.statusCode ?? 0;
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text = (text + chunk).slice(0, RESPONSE_BYTES_KEPT)));
      response.on("end", () => {
        if (status >= 200 && status < 300) return resolve();
        const message = `the receiver answered HTTP ${status}${text ? `: ${text.trim()}` : ""}`;
        reject(status >= 400 && status < 500 && status !== 408 && status !== 429 ? new PermanentDeliveryError(message) : new Error(message));
      });
      response.on("error", reject);
    });
    outgoing.end(request.body);
  });
}
