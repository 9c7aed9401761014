import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { buildVigilSchema } from "../../src/graphql/schema";
import { readiness } from "../../src/services/system/readiness";
import { createRedisPubSub } from "../../src/realtime/pubsub";
import { startHttpServer } from "../../src/http/server";
import { loadSettings, type RequestLimitSettings, type Settings } from "../../src/config";
import { RedisFailureCounter } from "../../src/state/redis-failure-counter";
import { createLogger } from "../../src/logger";
import { createServices, type Services } from "../../src/services";
import { BacktestQueue } from "../../src/queues/backtest";
import { createTestDatabase, type TestDatabase } from "./database";
import { TEST_REDIS_URL } from "./env";
import { freshQueuePrefix } from "./queues";

export type GraphQLResponse<T = Record<string, any>> = {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
};

type TestAppOptions = {
  requestLimits?: Partial<RequestLimitSettings>;
  authFailures?: Partial<Settings["authFailures"]>;
  /** Joins the install of an app already running (a second API process); a fresh prefix otherwise. */
  queuePrefix?: string;
  /** How often open sockets' keys are checked again (the server's default otherwise). */
  keyRecheckMs?: number;
};

export type TestApp = {
  url: string;
  wsUrl: string;
  operatorToken: string;
  /** The install's VIGIL_QUEUE_PREFIX: a publisher under it reaches this API's subscribers. */
  queuePrefix: string;
  database: TestDatabase;
  services: Services;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Registers an account through the API and returns its API key. */
  createAccount(accountId: string, name?: string): Promise<string>;
  close(): Promise<void>;
};

/** The real API (Apollo + graphql-ws) on a random port, over a fresh database and the real Redis; request limits default as in production. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const redis = new Redis(TEST_REDIS_URL);
  const operatorToken = `op_${randomBytes(24).toString("base64url")}`;
  const fresh = freshQueuePrefix();
  const queues = options.queuePrefix ? { ...fresh, queuePrefix: options.queuePrefix, cleanup: async () => undefined } : fresh;
  // Every test calls from 127.0.0.1 and many ask anonymously on purpose (authorization checks), so the
  // per-address limit is out of their way unless a test sets it; the per-key limit stays as shipped.
  const authFailures = { ...loadSettings({}).authFailures, failuresPerAddress: 100_000, ...options.authFailures };
  const events = createRedisPubSub(TEST_REDIS_URL, queues.queuePrefix);
  // Backtests are queued here and stay waiting: no worker runs in a test app unless a test starts one.
  const backtestJobs = new BacktestQueue(queues);
  const services = createServices({ db: database.db, operatorToken, pubSub: events.pubSub, backtestJobs });
  const server = await startHttpServer({
    schema: await buildVigilSchema(events.pubSub),
    services,
    logger: createLogger("silent"),
    host: "127.0.0.1",
    port: 0,
    maxBodyBytes: 1_048_576,
    requestLimits: { ...loadSettings({}).requestLimits, ...options.requestLimits },
    authThrottle: { counter: new RedisFailureCounter(redis, queues.queuePrefix), limits: authFailures, trustedProxies: authFailures.trustedProxies },
    drainGraceMs: 500,
    keyRecheckMs: options.keyRecheckMs,
    readiness: () => readiness(database.db, redis, database.url),
  });

  const gql: TestApp["gql"] = async (query, variables, token) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };

  const createAccount: TestApp["createAccount"] = async (accountId, name = `account ${accountId}`) => {
    const result = await gql<{ createAccount: { apiKey: { secret: string } } }>(
      `mutation($input: CreateAccountInput!) { createAccount(input: $input) { apiKey { secret } } }`,
      { input: { accountId, name, email: `security+${accountId}@example.com` } },
      operatorToken,
    );
    if (!result.data) throw new Error(`createAccount failed: ${JSON.stringify(result.errors)}`);
    return result.data.createAccount.apiKey.secret;
  };

  return {
    url: server.url,
    wsUrl: `${server.url.replace(/^http/, "ws")}/graphql`,
    operatorToken,
    queuePrefix: queues.queuePrefix,
    database,
    services,
    gql,
    createAccount,
    close: async () => {
      await server.close();
      await events.close();
      await backtestJobs.close();
      await redis.quit();
      await queues.cleanup();
      await database.drop();
    },
  };
}
