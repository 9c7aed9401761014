/** The longest a Retry-After may hold a delivery back: a receiver cannot park findings for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

export const PUBLISH_BACKOFF = "publish-jitter";

/**
 * The delay before retry `attemptsMade`: exponential from `baseMs`, with "equal jitter" (half fixed,
 * half random) so destinations failing together do not retry in lockstep, and never sooner than the
 * receiver's Retry-After (capped at MAX_RETRY_AFTER_MS).
 */
export function publishRetryDelay(attemptsMade: number, baseMs: number, retryAfterMs: number | null, random = Math.random): number {
  const exponential = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  const jittered = Math.round(exponential / 2 + (random() * exponential) / 2);
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}
