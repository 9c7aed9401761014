/** What `vigil import` runs (src/cli/import.ts registers the command and loads this only when it is used). */
import { statSync } from "node:fs";
import { SingleBar } from "cli-progress";
import { Client } from "pg";
import type { Settings } from "../config.js";
import { migrate } from "../db/migrator.js";
import { createDatabase } from "../db/prisma.js";
import { ImportError } from "../ingest/import/import-error.js";
import { importFiles, type ImportFile } from "../ingest/import/import-files.js";
import { createIngest } from "../ingest/index.js";
import { IntelService } from "../services/intel-lists/intel-service.js";
import type { Logger } from "../logger.js";
import { createRedisPubSub } from "../realtime/pubsub.js";
import { connectRedis, LOCAL_REDIS_URL, resolveDatabaseUrl } from "../runtime.js";
import { portInUse } from "../db/embedded-postgres-checks.js";
import { listLogFiles } from "./scan/log-files.js";
import { resolveOperatorToken } from "../services/auth/operator-token.js";
import { createServices } from "../services/index.js";
import { SecretBox } from "../services/secrets/secret-box.js";
import { resolveSecretKey } from "../services/secrets/secret-key.js";
import { verifySecretKey } from "../services/secrets/key-fingerprint.js";

/** The embedded server `vigil start` runs when DATABASE_URL is unset (see src/db/embedded-postgres.ts). */
async function runningEmbeddedServer(settings: Settings): Promise<string | undefined> {
  const url = `postgresql://postgres:postgres@127.0.0.1:${settings.embeddedPostgresPort}/vigil`;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return url;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The Redis `vigil start` uses when REDIS_URL is unset: the one on 6379, else the embedded one it runs (src/queues/embedded-redis.ts). */
async function runningRedisUrl(settings: Settings): Promise<string> {
  if (settings.redisUrl) return settings.redisUrl;
  if (!(await portInUse(6379)) && (await portInUse(settings.embeddedRedisPort))) return `redis://127.0.0.1:${settings.embeddedRedisPort}`;
  return LOCAL_REDIS_URL;
}

export async function runImport(paths: string[], logSourceId: string, settings: Settings, logger: Logger): Promise<number> {
  const stoppers: Array<() => Promise<void>> = [];
  try {
    const databaseUrl = settings.databaseUrl ?? (await runningEmbeddedServer(settings)) ?? (await resolveDatabaseUrl(settings, logger, stoppers));
    await migrate(databaseUrl);
    const db = createDatabase(databaseUrl);
    stoppers.unshift(() => db.$disconnect());
    // Checked once up front, so that Redis being down is one sentence rather than a stream of client errors.
    const redisUrl = await runningRedisUrl(settings);
    const redis = await connectRedis(redisUrl);
    stoppers.unshift(async () => void (await redis.quit()));
    const events = createRedisPubSub(redisUrl, settings.queuePrefix, (role, error) => logger.warn({ role, err: error.message }, "pub/sub connection to Redis lost; reconnecting"));
    stoppers.unshift(events.close);
    const secretKey = await resolveSecretKey(settings.secretKey, settings.dataDir);
    await verifySecretKey(db, secretKey);
    const secretBox = new SecretBox(secretKey.key);
    const operatorToken = await resolveOperatorToken(settings.operatorToken, settings.dataDir);
    const services = createServices({ db, operatorToken: operatorToken.value, pubSub: events.pubSub, logSources: { secretBox, logsRoot: settings.logsRoot, allowPrivateEndpoints: settings.logSourceAllowPrivateEndpoints } });
    // The same threat lists and suppression rules as the workers.
    const intel = new IntelService({ registry: services.intel, source: services.intelSnapshots, pubSub: events.pubSub, logger, checkIntervalMs: 60_000 });
    await intel.start();
    stoppers.unshift(() => intel.stop());
    const queues = { redisUrl, queuePrefix: settings.queuePrefix };
    const ingest = createIngest(services, { queues, secretBox, logsRoot: settings.logsRoot, allowPrivateEndpoints: settings.logSourceAllowPrivateEndpoints, trustedAccountIds: settings.trustedAccountIds, suppression: services.filters, maxObjectBytes: settings.objectMaxBytes, onRedisOutage: (error) => logger.warn({ err: error.message }, "detection-state connection to Redis lost; reconnecting") });
    stoppers.unshift(ingest.close);

    if (!(await services.ingestion.source(logSourceId).catch(() => null))) throw new ImportError(`log source ${logSourceId} not found`);
    const files: ImportFile[] = listLogFiles(paths).map((file) => ({ path: file.path, size: statSync(file.path).size }));
    const bar = new SingleBar({
      format: "vigil import [{bar}] {percentage}% | {value}/{total} bytes | {files} file(s) | {events} events | {findings} finding(s)",
      stream: process.stderr,
      hideCursor: true,
    });
    const counts = { files: 0, events: 0, findings: 0 };
    bar.start(files.reduce((sum, file) => sum + file.size, 0), 0, counts);
    const summary = await importFiles({ ledger: services.ingestion, reader: ingest.reader }, logSourceId, files, {
      onBytes: (bytes) => bar.increment(bytes),
      onFile: (file, outcome, detail) => {
        counts.files++;
        counts.events += detail.events;
        counts.findings += detail.findings;
        bar.update(counts);
        if (outcome === "failed") logger.warn({ file: file.path, reason: detail.reason }, "file not imported");
      },
    });
    bar.stop();
    process.stderr.write(
      `vigil import: ${summary.read} file(s) read, ${summary.alreadyImported} already imported, ${summary.failed} unreadable; ` +
        `${summary.events} event(s), ${summary.findings} finding(s) written or updated\n`,
    );
    return summary.failed > 0 ? 1 : 0;
  } finally {
    for (const stop of stoppers) await stop().catch(() => undefined);
  }
}
