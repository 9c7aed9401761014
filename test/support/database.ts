import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { migrate } from "../../src/db/migrator";
import { createDatabase, type Database } from "../../src/db/prisma";
import { TEST_POSTGRES_URL } from "./env";

export type TestDatabase = { url: string; db: Database; drop(): Promise<void> };

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function databaseUrlFor(name: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** An empty database of its own, so test files never see each other's rows. */
export async function createEmptyDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `vigil_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrlFor(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** A fresh database built by the real migrator, with a Prisma client on it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const empty = await createEmptyDatabase();
  await migrate(empty.url);
  const db = createDatabase(empty.url);
  return {
    url: empty.url,
    db,
    drop: async () => {
      await db.$disconnect();
      await empty.drop();
    },
  };
}
