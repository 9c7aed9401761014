import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { buildVigilSchema } from "../../src/graphql/schema";
import { readiness } from "../../src/services/system/readiness";
import { createRedisPubSub } from "../../src/realtime/pubsub";
import { startHttpServer } from "../../src/http/server";
import { createLogger } from "../../src/logger";
import { createServices, type Services } from "../../src/services";
import { createTestDatabase, type TestDatabase } from "./database";
import { TEST_REDIS_URL } from "./env";

export type GraphQLResponse<T = Record<string, any>> = {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
};

export type TestApp = {
  url: string;
  wsUrl: string;
  operatorToken: string;
  database: TestDatabase;
  services: Services;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Registers an account through the API and returns its API key. */
  createAccount(accountId: string, name?: string): Promise<string>;
  close(): Promise<void>;
};

/** The real API (Apollo + graphql-ws) on a random port, over a fresh database and the real Redis. */
export async function startTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const redis = new Redis(TEST_REDIS_URL);
  const operatorToken = `op_${randomBytes(24).toString("base64url")}`;
  const events = createRedisPubSub(TEST_REDIS_URL);
  const services = createServices({ db: database.db, operatorToken, pubSub: events.pubSub });
  const server = await startHttpServer({
    schema: await buildVigilSchema(events.pubSub),
    services,
    logger: createLogger("silent"),
    host: "127.0.0.1",
    port: 0,
    maxBodyBytes: 1_048_576,
    drainGraceMs: 500,
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
    database,
    services,
    gql,
    createAccount,
    close: async () => {
      await server.close();
      await events.close();
      await redis.quit();
      await database.drop();
    },
  };
}
