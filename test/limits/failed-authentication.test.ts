import { Writable } from "node:stream";
import { createClient } from "graphql-ws";
import pino from "pino";
import { Redis } from "ioredis";
import WebSocket from "ws";
import { AuthThrottle } from "../../src/http/auth-throttle";
import { RedisFailureCounter } from "../../src/state/redis-failure-counter";
import { startTestApp, type TestApp } from "../support/app";

const LIMITS = { failuresPerAddress: 5, failuresPerKey: 3, windowSeconds: 60, trustedProxies: 1 };
const QUERY = JSON.stringify({ query: "{ listDetectors }" });

describe("failed authentication", () => {
  let first: TestApp;
  let second: TestApp;
  let key: string;

  beforeAll(async () => {
    first = await startTestApp({ authFailures: LIMITS });
    // A second API process of the same install: counts are shared through Redis.
    second = await startTestApp({ authFailures: LIMITS, queuePrefix: first.queuePrefix });
    key = await first.createAccount("530000000001");
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  /** A call as a client at `address` makes it through one trusted proxy (which adds X-Forwarded-For). */
  const call = async (app: TestApp, address: string, credential: string) => {
    const response = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address, authorization: `Bearer ${credential}` },
      body: QUERY,
    });
    const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    return { status: response.status, retryAfter: response.headers.get("retry-after"), code: body.errors?.[0]?.extensions?.code };
  };

  it("answers 429 with Retry-After once one address has failed too often, in every API process", async () => {
    const address = "203.0.113.10";
    for (let i = 0; i < LIMITS.failuresPerAddress; i += 1) {
      const app = i % 2 === 0 ? first : second;
      expect((await call(app, address, `wrong-token-${i}`)).status).toBe(401);
    }
    const refused = await call(second, address, "wrong-token-again");
    expect(refused).toMatchObject({ status: 429, code: "TOO_MANY_REQUESTS" });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(LIMITS.windowSeconds);
    // The address is refused without its credential being looked at; other addresses are untouched.
    expect((await call(first, address, key)).status).toBe(429);
    expect(await call(first, "203.0.113.11", key)).toMatchObject({ status: 200, code: undefined });
  });

  it("counts failures per key prefix whatever address they come from", async () => {
    const publicId = /^vk_([0-9a-f]{16})_/.exec(key)![1];
    const guess = `vk_${publicId}_${"A".repeat(43)}`;
    for (let i = 0; i < LIMITS.failuresPerKey; i += 1) expect((await call(first, `198.51.100.${i + 1}`, guess)).status).toBe(401);
    expect((await call(second, "198.51.100.99", guess)).status).toBe(429);
    expect((await call(first, "198.51.100.99", key)).status).toBe(429);
    const other = await first.createAccount("530000000002");
    expect((await call(first, "198.51.100.99", other)).status).toBe(200);
  });

  it("closes a WebSocket of a refused address with 4429", async () => {
    const address = "203.0.113.20";
    for (let i = 0; i < LIMITS.failuresPerAddress; i += 1) await call(first, address, `wrong-token-${i}`);
    const closed = await new Promise<number>((resolve) => {
      const client = createClient({
        url: first.wsUrl,
        webSocketImpl: class extends WebSocket {
          constructor(url: string, protocols: string[]) {
            super(url, protocols, { headers: { "x-forwarded-for": address } });
          }
        },
        connectionParams: { authorization: `Bearer ${key}` },
        retryAttempts: 0,
        on: { closed: (event) => resolve((event as { code: number }).code) },
      });
      client.subscribe({ query: "subscription { invitationReceived { invitationId } }" }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    });
    expect(closed).toBe(4429);
  });

  it("lets authentication go on, with a warning, when the counters cannot be reached", async () => {
    const warnings: string[] = [];
    const logger = pino({ level: "warn" }, new Writable({ write: (line, _encoding, done) => (warnings.push(String(line)), done()) }));
    const deadRedis = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    deadRedis.on("error", () => undefined);
    try {
      const throttle = new AuthThrottle(first.services.authenticator, new RedisFailureCounter(deadRedis, first.queuePrefix), LIMITS, logger);
      await expect(throttle.authenticate(`Bearer ${key}`, "203.0.113.10")).resolves.toMatchObject({ kind: "account" });
      await expect(throttle.authenticate("Bearer wrong", "203.0.113.10")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
      expect(warnings.some((line) => line.includes("without rate limiting"))).toBe(true);
    } finally {
      deadRedis.disconnect();
    }
  });
});
