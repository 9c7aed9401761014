import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";

export type Database = PrismaClient;

// A LISTEN needs a connection of its own, outside the pool: it is opened from the client's connection string.
const connectionStrings = new WeakMap<Database, string>();

export function createDatabase(databaseUrl: string): Database {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  connectionStrings.set(db, databaseUrl);
  return db;
}

/** The connection string a client made by createDatabase connects with. */
export function connectionStringOf(db: Database): string {
  const url = connectionStrings.get(db);
  if (!url) throw new Error("connectionStringOf: this client was not made by createDatabase");
  return url;
}
