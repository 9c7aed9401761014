import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Client } from "pg";
import { PROJECT_ROOT } from "../paths.js";
import { DatabaseUnreachableError, MigrationError } from "./migration-errors.js";

/**
 * Applies prisma/migrations/<name>/migration.sql in name order and records them in Prisma's own
 * `_prisma_migrations` table, so `prisma migrate status|deploy` (where its engine is available)
 * agrees with what this migrator did.
 */
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");

// Prisma's schema engine takes this advisory lock; sharing it keeps both tools from racing.
const PRISMA_ADVISORY_LOCK = 72707369;

const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

// In a module of their own so the CLI can name them without loading pg.
export { DatabaseUnreachableError, MigrationError };

/** The URL without its password: fit for an error message. */
function shown(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "DATABASE_URL";
  }
}

async function connected(databaseUrl: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new DatabaseUnreachableError(
      `Cannot reach PostgreSQL at ${shown(databaseUrl)} (${(error as Error).message || (error as { code?: string }).code || "no answer"}): start it or fix DATABASE_URL (unset it to use the embedded server).`,
    );
  }
}

export type Migration = { name: string; sql: string; checksum: string };
export type MigrationResult = { applied: string[]; alreadyApplied: string[] };

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(dir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    }),
  );
}

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null };

async function appliedRows(client: Client): Promise<AppliedRow[]> {
  const { rows } = await client.query<AppliedRow>(
    "SELECT migration_name, checksum, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL",
  );
  return rows;
}

/** Refuses to go on when history and the folder disagree, before touching anything. */
function checkHistory(migrations: Migration[], rows: AppliedRow[]): Set<string> {
  const onDisk = new Map(migrations.map((m) => [m.name, m]));
  const done = new Set<string>();
  for (const row of rows) {
    if (row.finished_at === null) {
      throw new MigrationError(
        `Migration ${row.migration_name} started earlier but never finished; repair the database and mark it rolled back before migrating again.`,
      );
    }
    const migration = onDisk.get(row.migration_name);
    if (migration && migration.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ${migration.checksum.slice(0, 12)}… on disk). Restore the original file and add a new migration instead.`,
      );
    }
    done.add(row.migration_name);
  }
  return done;
}

export async function migrate(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const migrations = await readMigrations(dir);
  const client = await connected(databaseUrl);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(MIGRATIONS_TABLE_DDL);
    const done = checkHistory(migrations, await appliedRows(client));
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !done.has(m.name))) {
      await applyOne(client, migration);
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: [...done].sort() };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}

// PostgreSQL DDL is transactional: the script and its history row commit together or not at all,
// so a failed migration leaves nothing behind and can simply be fixed and run again.
async function applyOne(client: Client, migration: Migration): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
  }
}

/** Names of migrations on disk that the database has not applied (for readiness checks). */
export async function pendingMigrations(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ exists: boolean }>(
      "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists",
    );
    if (!rows[0]?.exists) return migrations.map((m) => m.name);
    const done = new Set((await appliedRows(client)).filter((r) => r.finished_at).map((r) => r.migration_name));
    return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
  } finally {
    await client.end();
  }
}
