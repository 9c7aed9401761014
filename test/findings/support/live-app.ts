import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { buildVigilSchema } from "../../../src/graphql/schema";
import { readiness } from "../../../src/services/system/readiness";
import { type HttpServerOptions, startHttpServer } from "../../../src/http/server";
import { loadSettings } from "../../../src/config";
import { createLogger } from "../../../src/logger";
import { RedisFailureCounter } from "../../../src/state/redis-failure-counter";
import type { FindingFeedOptions } from "../../../src/services/findings/finding-feed";
import { createRedisPubSub } from "../../../src/realtime/pubsub";
import { createServices } from "../../../src/services";
import type { PublisherSettings } from "../../../src/services/system/publisher";
import type { TestApp } from "../../support/app";
import { createTestDatabase } from "../../support/database";
import { TEST_REDIS_URL } from "../../support/env";
import { freshQueuePrefix } from "../../support/queues";

/**
 * startTestApp with the findings features tuned for a test: the live feed's rechecks and queue, its
 * failures surfaced, and the publishing policy (tests reach receivers on this machine).
 */
export async function startLiveApp(
  feed: Partial<FindingFeedOptions>,
  publishing?: PublisherSettings,
  http: Pick<HttpServerOptions, "consoleDirectory"> = {},
): Promise<TestApp & { feedErrors: unknown[] }> {
  const database = await createTestDatabase();
  const redis = new Redis(TEST_REDIS_URL);
  const operatorToken = `op_${randomBytes(24).toString("base64url")}`;
  const queues = freshQueuePrefix();
  const events = createRedisPubSub(TEST_REDIS_URL, queues.queuePrefix);
  const feedErrors: unknown[] = [];
  const services = createServices({
    db: database.db,
    operatorToken,
    pubSub: events.pubSub,
    findings: { filtersPerDetector: 100, queueLimit: 1_000, recheckMs: 10_000, report: (error) => feedErrors.push(error), ...feed },
    publishing,
  });
  const server = await startHttpServer({
    schema: await buildVigilSchema(events.pubSub),
    services,
    logger: createLogger("silent"),
    host: "127.0.0.1",
    port: 0,
    maxBodyBytes: 1_048_576,
    requestLimits: loadSettings({}).requestLimits,
    authThrottle: { counter: new RedisFailureCounter(redis, queues.queuePrefix), limits: loadSettings({}).authFailures, trustedProxies: 0 },
    drainGraceMs: 500,
    readiness: () => readiness(database.db, redis, database.url),
    ...http,
  });
  const gql: TestApp["gql"] = async (query, variables, token) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  return {
    url: server.url,
    wsUrl: `${server.url.replace(/^http/, "ws")}/graphql`,
    operatorToken,
    queuePrefix: queues.queuePrefix,
    database,
    services,
    feedErrors,
    gql,
    createAccount: async (accountId, name = `account ${accountId}`) => {
      const result = await gql<{ createAccount: { apiKey: { secret: string } } }>(
        `mutation($input: CreateAccountInput!) { createAccount(input: $input) { apiKey { secret } } }`,
        { input: { accountId, name, email: `security+${accountId}@example.com` } },
        operatorToken,
      );
      if (!result.data) throw new Error(`createAccount failed: ${JSON.stringify(result.errors)}`);
      return result.data.createAccount.apiKey.secret;
    },
    close: async () => {
      services.findingFeed.close();
      await server.close();
      await events.close();
      await redis.quit();
      await database.drop();
    },
  };
}
