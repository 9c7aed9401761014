import { appendFile, cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { MIGRATIONS_DIR, MigrationError, migrate, pendingMigrations, readMigrations } from "../../src/db/migrator";
import { createEmptyDatabase } from "../support/database";

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migrator", () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let scratch: string;

  beforeEach(async () => {
    database = await createEmptyDatabase();
    scratch = await mkdtemp(path.join(tmpdir(), "vigil-migrations-"));
    await cp(MIGRATIONS_DIR, scratch, { recursive: true });
  });

  afterEach(async () => {
    await database.drop();
    await rm(scratch, { recursive: true, force: true });
  });

  it("applies every migration to a fresh database and records them as Prisma does", async () => {
    const all = (await readMigrations(scratch)).map((m) => m.name);
    expect(await pendingMigrations(database.url, scratch)).toEqual(all);

    const result = await migrate(database.url, scratch);

    expect(result.applied).toEqual(all);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date; applied_steps_count: number }>(
      database.url,
      "SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name",
    );
    const onDisk = await readMigrations(scratch);
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(onDisk.map((m) => [m.name, m.checksum, 1]));
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
    const tables = await query<{ tablename: string }>(database.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(["accounts", "api_keys"]));
    expect(await pendingMigrations(database.url, scratch)).toEqual([]);
  });

  it("is idempotent: a second run applies nothing", async () => {
    await migrate(database.url, scratch);
    const second = await migrate(database.url, scratch);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual((await readMigrations(scratch)).map((m) => m.name));
  });

  it("lets concurrent runs race safely behind the advisory lock", async () => {
    const results = await Promise.all([migrate(database.url, scratch), migrate(database.url, scratch), migrate(database.url, scratch)]);
    const appliedCount = results.reduce((sum, r) => sum + r.applied.length, 0);
    expect(appliedCount).toBe((await readMigrations(scratch)).length);
  });

  it("refuses to continue when an applied migration was changed", async () => {
    await migrate(database.url, scratch);
    const [first] = await readMigrations(scratch);
    await appendFile(path.join(scratch, first.name, "migration.sql"), "\n-- edited after the fact\n");

    await expect(migrate(database.url, scratch)).rejects.toThrow(MigrationError);
    await expect(migrate(database.url, scratch)).rejects.toThrow(/was changed after it was applied/);
  });

  it("applies only the new migration when one is added, and rolls back a failing one completely", async () => {
    await migrate(database.url, scratch);
    await cp(path.join(scratch, (await readMigrations(scratch))[0].name), path.join(scratch, "99990101000000_extra"), { recursive: true });
    await writeFile(path.join(scratch, "99990101000000_extra", "migration.sql"), 'CREATE TABLE "extra" (id int);\nSELECT * FROM no_such_table;\n');

    await expect(migrate(database.url, scratch)).rejects.toThrow(/99990101000000_extra failed/);
    const extra = await query<{ exists: boolean }>(database.url, "SELECT to_regclass('extra') IS NOT NULL AS exists");
    expect(extra[0].exists).toBe(false);
    expect(await pendingMigrations(database.url, scratch)).toEqual(["99990101000000_extra"]);

    await writeFile(path.join(scratch, "99990101000000_extra", "migration.sql"), 'CREATE TABLE "extra" (id int);\n');
    expect((await migrate(database.url, scratch)).applied).toEqual(["99990101000000_extra"]);
  });
});
