import { Redis } from "ioredis";
import { Client } from "pg";
import { TEST_POSTGRES_URL, TEST_REDIS_URL } from "./env";

/** Fails the run at once, in one clear line, when PostgreSQL or Redis is not there. */
export default async function globalSetup(): Promise<void> {
  const pg = new Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await pg.connect();
    await pg.query("SELECT 1");
  } catch (error) {
    throw new Error(`Tests need PostgreSQL at ${TEST_POSTGRES_URL} (set TEST_POSTGRES_URL): ${(error as Error).message}`);
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Tests need Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL): ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
}
