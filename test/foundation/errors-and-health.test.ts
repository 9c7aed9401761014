import { Redis } from "ioredis";
import { createDatabase } from "../../src/db/prisma";
import { readiness } from "../../src/services/system/readiness";
import { startTestApp, type TestApp } from "../support/app";
import { createEmptyDatabase, createTestDatabase } from "../support/database";
import { TEST_REDIS_URL } from "../support/env";

describe("health endpoints", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("GET /healthz answers 200 without authentication", async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("GET /readyz answers 200 when PostgreSQL, Redis and migrations are fine", async () => {
    const response = await fetch(`${app.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ready: true,
      checks: { postgres: "ok", redis: "ok", migrations: "ok" },
      latencySeconds: { postgres: expect.any(Number), redis: expect.any(Number) },
    });
  });
});

describe("readiness", () => {
  it("is not ready when PostgreSQL is unreachable", async () => {
    const migrated = await createTestDatabase();
    const unreachable = createDatabase("postgresql://postgres@127.0.0.1:1/vigil");
    const liveRedis = new Redis(TEST_REDIS_URL);
    try {
      const noDatabase = await readiness(unreachable, liveRedis, migrated.url);
      expect(noDatabase.ready).toBe(false);
      expect(noDatabase.checks.postgres).toMatch(/^error: /);
      expect(noDatabase.checks.redis).toBe("ok");
    } finally {
      await unreachable.$disconnect();
      await liveRedis.quit();
      await migrated.drop();
    }
  });

  it("is not ready when Redis is unreachable or migrations are pending", async () => {
    const migrated = await createTestDatabase();
    const unmigrated = await createEmptyDatabase();
    const deadRedis = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    deadRedis.on("error", () => undefined);
    const liveRedis = new Redis(TEST_REDIS_URL);
    try {
      const noRedis = await readiness(migrated.db, deadRedis, migrated.url);
      expect(noRedis.ready).toBe(false);
      expect(noRedis.checks.redis).toMatch(/^error: /);
      expect(noRedis.checks.postgres).toBe("ok");

      const pending = await readiness(migrated.db, liveRedis, unmigrated.url);
      expect(pending.ready).toBe(false);
      expect(pending.checks.migrations).toMatch(/^error: pending \d{14}_/);
    } finally {
      deadRedis.disconnect();
      await liveRedis.quit();
      await migrated.drop();
      await unmigrated.drop();
    }
  });
});

describe("errors reaching clients", () => {
  async function post(app: TestApp, key: string, query: string) {
    const response = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, text: await response.text() };
  }

  it("a database failure inside a resolver becomes a generic INTERNAL_SERVER_ERROR without stack or SQL", async () => {
    const app = await startTestApp();
    try {
      const key = await app.createAccount("123412341234");
      // The database starts refusing this one insert, under the running API.
      await app.database.db.$executeRawUnsafe(`ALTER TABLE "api_keys" ADD CONSTRAINT "refuse_boom" CHECK ("name" <> 'boom')`);
      const { text } = await post(app, key, `mutation { createApiKey(name: "boom") { secret } }`);
      expect(JSON.parse(text).errors[0]).toEqual({ message: "Internal server error", path: ["createApiKey"], extensions: { code: "INTERNAL_SERVER_ERROR" } });
      expect(text).not.toMatch(/refuse_boom|api_keys|INSERT|constraint|stacktrace|\.ts:/i);
    } finally {
      await app.close();
    }
  });

  it("a database failure while authenticating is a 500 internal error, not a 401", async () => {
    const app = await startTestApp();
    try {
      const key = await app.createAccount("123412341235");
      await app.database.db.$executeRawUnsafe('ALTER TABLE "api_keys" RENAME TO "api_keys_gone"');
      const { status, text } = await post(app, key, "{ me { accountId } }");
      expect(status).toBe(500);
      expect(JSON.parse(text).errors[0].extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
      expect(text).not.toMatch(/api_keys|SELECT|stacktrace|\.ts:/i);
    } finally {
      await app.close();
    }
  });

  it("a syntax error is reported as GRAPHQL_PARSE_FAILED and an unknown field as GRAPHQL_VALIDATION_FAILED", async () => {
    const app = await startTestApp();
    try {
      const key = await app.createAccount("432143214321");
      expect((await app.gql("{ me { ", {}, key)).errors?.[0].extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
      expect((await app.gql("{ me { nothing } }", {}, key)).errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      const badVariable = await app.gql("mutation($n: String!) { createApiKey(name: $n) { secret } }", { n: 5 }, key);
      expect(badVariable.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    } finally {
      await app.close();
    }
  });
});
