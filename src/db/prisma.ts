import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaClient } from "../generated/prisma/client.js";

export type Database = PrismaClient;

// A LISTEN needs a connection of its own, outside the pool: it is opened from the client's connection string.
const connectionStrings = new WeakMap<Database, string>();
const pools = new WeakMap<Database, Pool>();

export function createDatabase(databaseUrl: string): Database {
  const pool = new Pool({ connectionString: databaseUrl });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  connectionStrings.set(db, databaseUrl);
  pools.set(db, pool);
  return db;
}

/** The connection string a client made by createDatabase connects with. */
export function connectionStringOf(db: Database): string {
  const url = connectionStrings.get(db);
  if (!url) throw new Error("connectionStringOf: this client was not made by createDatabase");
  return url;
}

/**
 * The client's own connection pool, for a statement that only writes a large bytea: Prisma would carry it
 * through base64 and back (two copies of a body it never looks at, more than decoding a Firehose request costs).
 */
export function poolOf(db: Database): Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("poolOf: this client was not made by createDatabase");
  return pool;
}
