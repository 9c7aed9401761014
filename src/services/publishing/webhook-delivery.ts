import type { AddressPolicy } from "./address-policy.js";
import { type HttpAnswer, postToDestination, requireSuccess } from "./http-post.js";
import { SIGNATURE_HEADER, signatureFor } from "./webhook-signature.js";

export type WebhookRequest = { url: string; secret: string; body: string; deliveryId: string; idempotencyKey: string };

/**
 * POSTs one event, signed with the destination's secret. `Idempotency-Key` is the same on every
 * retry and replay of one finding version to one destination: a receiver that has seen it already
 * has this event (Vigil may send it again when it cannot record a delivery that went through).
 */
export async function postWebhook(request: WebhookRequest, policy: AddressPolicy, timeoutMs: number): Promise<HttpAnswer> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Vigil-Webhook/1",
    "x-vigil-delivery": request.deliveryId,
    "idempotency-key": request.idempotencyKey,
    [SIGNATURE_HEADER]: signatureFor(request.secret, request.body, timestamp),
  };
  return requireSuccess(await postToDestination({ url: request.url, body: request.body, headers }, policy, timeoutMs));
}
