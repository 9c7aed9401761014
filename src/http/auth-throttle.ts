import type { Logger } from "../logger.js";
import type { Actor } from "../services/actor.js";
import { ApiKeyService } from "../services/auth/api-key-service.js";
import type { Authenticator } from "../services/auth/authenticator.js";
import { UnauthenticatedError } from "../services/errors.js";
import type { FailureCount } from "../state/redis-failure-counter.js";

export type AuthThrottleLimits = Readonly<{
  /** Failed authentications one client address may make per window. */
  failuresPerAddress: number;
  /** Failed authentications naming one key prefix (vk_<publicId>) per window. */
  failuresPerKey: number;
  windowSeconds: number;
}>;

/** Shared failure counters (Redis in production: every API process sees the same counts). */
export type FailureCounter = {
  read(counters: readonly string[]): Promise<FailureCount[]>;
  add(counters: readonly string[], windowMs: number): Promise<void>;
};

/** Too many failed authentications from this address or for this key: answered 429 with Retry-After. */
export class TooManyFailedAuthentications extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed authentications; try again in ${retryAfterSeconds} s.`);
  }
}

// A counter store that does not answer this fast is treated as down: authentication goes on without it.
const COUNTER_TIMEOUT_MS = 250;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${COUNTER_TIMEOUT_MS} ms`)), COUNTER_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Authentication with failures counted per client address and per key prefix. Once either count
 * reaches its limit, further attempts are refused without checking the credential until the window
 * ends. A credential that checks out costs one counter read and is never delayed. When the counters
 * cannot be reached, authentication goes on unthrottled and a warning is logged (fail open).
 */
export class AuthThrottle {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly counter: FailureCounter,
    private readonly limits: AuthThrottleLimits,
    private readonly logger: Logger,
  ) {}

  async authenticate(authorization: unknown, address: string): Promise<Actor> {
    const counters = this.countersOf(authorization, address);
    const retryAfter = await this.retryAfter(counters);
    if (retryAfter !== undefined) throw new TooManyFailedAuthentications(retryAfter);
    try {
      return await this.authenticator.authenticate(authorization);
    } catch (error) {
      if (error instanceof UnauthenticatedError) await this.guard("record a failed authentication", () => this.counter.add(counters.map(({ name }) => name), this.limits.windowSeconds * 1000));
      throw error;
    }
  }

  private countersOf(authorization: unknown, address: string): Array<{ name: string; limit: number }> {
    const counters = [{ name: `address:${address}`, limit: this.limits.failuresPerAddress }];
    const credential = typeof authorization === "string" ? authorization.replace(/^Bearer\s+/i, "").trim() : "";
    const publicId = ApiKeyService.publicIdOf(credential);
    if (publicId) counters.push({ name: `key:${publicId}`, limit: this.limits.failuresPerKey });
    return counters;
  }

  private async retryAfter(counters: Array<{ name: string; limit: number }>): Promise<number | undefined> {
    const counts = await this.guard("read failed-authentication counters", () => this.counter.read(counters.map(({ name }) => name)));
    if (!counts) return undefined;
    const waits = counts.filter((count, i) => count.failures >= counters[i].limit).map((count) => Math.max(Math.ceil(count.resetInMs / 1000), 1));
    return waits.length > 0 ? Math.max(...waits) : undefined;
  }

  private async guard<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await withTimeout(work());
    } catch (error) {
      this.logger.warn({ err: error }, `could not ${what}; authentication goes on without rate limiting`);
      return undefined;
    }
  }
}
