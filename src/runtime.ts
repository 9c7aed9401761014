import { mkdir } from "node:fs/promises";
import { Redis } from "ioredis";
import { startWorkers } from "../workers/index.js";
import type { Settings } from "./config.js";
import { StartupError } from "./startup-error.js";
import { EmbeddedPostgresError, startEmbeddedPostgres } from "./db/embedded-postgres.js";
import { portInUse } from "./db/embedded-postgres-checks.js";
import { DatabaseUnreachableError, migrate } from "./db/migrator.js";
import { createDatabase } from "./db/prisma.js";
import { buildVigilSchema } from "./graphql/schema.js";
import { createIngest } from "./ingest/index.js";
import { readDemoFeeds } from "./services/threat-feeds/demo-feeds.js";
import { IntelService } from "./services/intel-lists/intel-service.js";
import { ListJobQueue } from "./queues/list-jobs.js";
import { BacktestQueue } from "./queues/backtest.js";
import { readiness } from "./services/system/readiness.js";
import { CustomRuleReloader } from "./services/system/custom-rule-reloader.js";
import { CustomRuleWatcher } from "./services/system/custom-rule-watcher.js";
import { createRedisPubSub } from "./realtime/pubsub.js";
import { BUILT_CONSOLE_DIRECTORY, consoleIsBuilt } from "./http/console-route.js";
import { startHttpServer } from "./http/server.js";
import { RedisFailureCounter } from "./state/redis-failure-counter.js";
import type { Logger } from "./logger.js";
import { resolveOperatorToken } from "./services/auth/operator-token.js";
import { createServices } from "./services/index.js";
import { durabilityWarnings, redisDurability } from "./queues/redis-settings.js";
import { EmbeddedRedisError, findRedisServer, startEmbeddedRedis } from "./queues/embedded-redis.js";
import { PushIntake } from "./services/log-sources/push-intake.js";
import { StreamIntake } from "./services/system/stream-intake.js";
import { SecretBox } from "./services/secrets/secret-box.js";
import { resolveSecretKey, SecretKeyError } from "./services/secrets/secret-key.js";
import { verifySecretKey } from "./services/secrets/key-fingerprint.js";
import { startTracing, stopTracing } from "./telemetry/tracing.js";
import { withTracedRecording } from "./telemetry/traced-ledger.js";

export type Role = "start" | "serve" | "worker";

export type RunningVigil = { url?: string; stop(): Promise<void> };

export async function resolveDatabaseUrl(settings: Settings, logger: Logger, onStop: Array<() => Promise<void>>): Promise<string> {
  if (settings.databaseUrl) return settings.databaseUrl;
  const embedded = await startEmbeddedPostgres(settings.dataDir, settings.embeddedPostgresPort, logger).catch((error: unknown) => {
    throw error instanceof EmbeddedPostgresError ? new StartupError(error.message) : error;
  });
  onStop.push(embedded.stop);
  return embedded.databaseUrl;
}

/** Where a Redis is looked for when REDIS_URL is unset, before an embedded one is started. */
export const LOCAL_REDIS_URL = "redis://127.0.0.1:6379";

/**
 * REDIS_URL when set; else the Redis on 127.0.0.1:6379 when something listens there; else an embedded
 * redis-server (append-only) with its data under VIGIL_DATA_DIR, stopped with Vigil.
 */
export async function resolveRedisUrl(settings: Settings, logger: Logger, onStop: Array<() => Promise<void>>, localUrl = LOCAL_REDIS_URL): Promise<string> {
  if (settings.redisUrl) return settings.redisUrl;
  const local = new URL(localUrl);
  if (await portInUse(Number(local.port), local.hostname)) return localUrl;
  const binary = findRedisServer(settings.redisServerBinary);
  if (!binary) {
    throw new StartupError(
      `No Redis answers at ${localUrl} and no redis-server is installed to start one: install Redis (apt install redis-server), start it, or set REDIS_URL${settings.redisServerBinary ? ` (VIGIL_REDIS_SERVER ${settings.redisServerBinary} is not an executable file)` : ""}.`,
    );
  }
  const embedded = await startEmbeddedRedis({ binary, dataDir: settings.dataDir, port: settings.embeddedRedisPort, logger }).catch((error: unknown) => {
    throw error instanceof EmbeddedRedisError ? new StartupError(error.message) : error;
  });
  onStop.push(embedded.stop);
  return embedded.redisUrl;
}

export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  redis.on("error", () => undefined); // reported by the connect attempt below, and by /readyz later
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new StartupError(
      `Cannot reach Redis at ${url} (${(error as Error).message}). Start one with "redis-server --daemonize yes" or set REDIS_URL.`,
    );
  }
}

function portTaken(settings: Settings): StartupError {
  return new StartupError(`Port ${settings.port} on ${settings.host} is already in use: stop what holds it or set PORT to a free port.`);
}

/** Boots one role: database (embedded if none is configured), migrations, Redis, then API and/or workers. */
export async function startVigil(role: Role, settings: Settings, logger: Logger): Promise<RunningVigil> {
  const stoppers: Array<{ name: string; stop: () => Promise<void> }> = [];
  const stopAll = async () => {
    for (const { name, stop } of stoppers.reverse()) {
      logger.debug({ component: name }, "stopping");
      await stop().catch((err) => logger.error({ err, component: name }, "error during shutdown"));
    }
  };
  try {
    // First, so that the queues and workers made below carry trace context; stopped last, after what it traces.
    if (await startTracing(role)) {
      stoppers.push({ name: "tracing", stop: stopTracing });
      logger.info("OpenTelemetry tracing on (OTEL_EXPORTER_OTLP_ENDPOINT)");
    }
    const embeddedStoppers: Array<() => Promise<void>> = [];
    const databaseUrl = await resolveDatabaseUrl(settings, logger, embeddedStoppers);
    for (const stop of embeddedStoppers) stoppers.push({ name: "embedded postgres", stop });
    const { applied } = await migrate(databaseUrl).catch((error: unknown) => {
      throw error instanceof DatabaseUnreachableError ? new StartupError(error.message) : error;
    });
    if (applied.length > 0) logger.info({ applied }, "database migrations applied");

    const redisStoppers: Array<() => Promise<void>> = [];
    const redisUrl = await resolveRedisUrl(settings, logger, redisStoppers);
    for (const stop of redisStoppers) stoppers.push({ name: "embedded redis", stop });
    const redis = await connectRedis(redisUrl);
    stoppers.push({ name: "redis", stop: async () => void (await redis.quit()) });
    for (const warning of durabilityWarnings(await redisDurability(redis))) logger.warn(warning);
    const db = createDatabase(databaseUrl);
    stoppers.push({ name: "database", stop: () => db.$disconnect() });

    const operatorToken = await resolveOperatorToken(settings.operatorToken, settings.dataDir);
    if (operatorToken.generatedAt) {
      logger.info({ file: operatorToken.generatedAt }, "no VIGIL_OPERATOR_TOKEN set: using the generated operator token stored in this file");
    }
    const secretKey = await resolveSecretKey(settings.secretKey, settings.dataDir).catch((error: unknown) => {
      throw error instanceof SecretKeyError ? new StartupError(error.message) : error;
    });
    if (secretKey.generatedAt) {
      logger.info({ file: secretKey.generatedAt }, "no VIGIL_SECRET_KEY set: stored credentials are encrypted with the key in this file");
    }
    await verifySecretKey(db, secretKey).catch((error: unknown) => {
      throw error instanceof SecretKeyError ? new StartupError(error.message) : error;
    });
    const secretBox = new SecretBox(secretKey.key);
    await mkdir(settings.logsRoot, { recursive: true });
    const events = createRedisPubSub(redisUrl, settings.queuePrefix, (role, error) => logger.warn({ role, err: error.message }, "pub/sub connection to Redis lost; reconnecting"));
    stoppers.push({ name: "pubsub", stop: events.close });
    const queues = { redisUrl, queuePrefix: settings.queuePrefix };
    const demoFeeds = settings.lists.demoFeeds ? readDemoFeeds() : undefined;
    // While the demo feeds are on, their folder is readable as file:// like the configured ones.
    const lists = demoFeeds ? { ...settings.lists, fileDirs: [...settings.lists.fileDirs, demoFeeds.folder] } : settings.lists;
    const listJobs = new ListJobQueue(queues, logger);
    stoppers.push({ name: "lists queue", stop: () => listJobs.close() });
    const backtestJobs = new BacktestQueue(queues);
    stoppers.push({ name: "backtests queue", stop: () => backtestJobs.close() });
    const services = createServices({
      db,
      operatorToken: operatorToken.value,
      pubSub: events.pubSub,
      logSources: { secretBox, logsRoot: settings.logsRoot, allowPrivateEndpoints: settings.logSourceAllowPrivateEndpoints },
      lists,
      listJobs,
      backtestJobs,
      findings: {
        filtersPerDetector: settings.findings.filtersPerDetector,
        queueLimit: settings.findings.subscriptionQueueLimit,
        recheckMs: settings.findings.subscriptionRecheckMs,
        report: (err, what) => logger.error({ err }, `live findings: ${what} failed`),
      },
      publishing: { policy: settings.findings.publishing, timeoutMs: settings.findings.publishing.timeoutMs, publicUrl: settings.findings.publishing.publicUrl },
      selfProtection: { silenceMultiple: settings.silenceMultiple, report: (err, what) => logger.error({ err }, `self-protection: ${what} failed`) },
    });
    stoppers.push({ name: "live findings", stop: async () => services.findingFeed.close() });
    // New findings that match a suppression rule are stored archived and never pushed or published.
    const ingest = createIngest({ ...services, ingestion: withTracedRecording(services.ingestion) }, {
      queues,
      secretBox,
      logsRoot: settings.logsRoot,
      allowPrivateEndpoints: settings.logSourceAllowPrivateEndpoints,
      trustedAccountIds: settings.trustedAccountIds,
      suppression: services.filters,
      maxObjectBytes: settings.objectMaxBytes,
      onRedisOutage: (error) => logger.warn({ err: error.message }, "detection-state connection to Redis lost; reconnecting"),
      maxStreamDecodedBytes: settings.streamMaxDecodedBytes,
      onWatchProblem: ({ logSourceId, folder, error }) => logger.warn({ err: error, logSourceId, folder }, "cannot watch a log folder: polling it meanwhile, watching again in 10 s"),
    });
    stoppers.push({ name: "ingest queues", stop: ingest.close });

    let url: string | undefined;
    if (role !== "worker") {
      // Checked first because the WebSocket server would print a listen error with its stack before we could word it.
      if (settings.port !== 0 && (await portInUse(settings.port, settings.host))) throw portTaken(settings);
      const withConsole = consoleIsBuilt(BUILT_CONSOLE_DIRECTORY);
      if (!withConsole) logger.warn({ consoleDirectory: BUILT_CONSOLE_DIRECTORY }, "web console not built (npm run build): serving the API only");
      const server = await startHttpServer({
        schema: await buildVigilSchema(events.pubSub),
        services,
        logger,
        host: settings.host,
        port: settings.port,
        maxBodyBytes: settings.maxBodyBytes,
        requestLimits: settings.requestLimits,
        authThrottle: { counter: new RedisFailureCounter(redis, settings.queuePrefix), limits: settings.authFailures, trustedProxies: settings.authFailures.trustedProxies },
        drainGraceMs: settings.shutdownTimeoutMs / 2,
        keyRecheckMs: settings.findings.subscriptionRecheckMs,
        readiness: () => readiness(db, redis, databaseUrl),
        ingest: { push: new PushIntake(services.logSources, ingest.queues, settings.pushMaxBytes, services.ingestion), maxBytes: settings.pushMaxBytes },
        streams: {
          intake: new StreamIntake(db, ingest.queues, services.ingestion, { maxDecodedBytes: settings.streamMaxDecodedBytes }),
          maxBytes: settings.pushMaxBytes,
          maxDecodedBytes: settings.streamMaxDecodedBytes,
        },
        metrics: { ledger: services.ingestion, queues: ingest.queues, operations: services.operations, publisher: services.publisher, liveFindings: services.findingFeed, customRules: services.customRuleSource, tokens: [operatorToken.value, ...(settings.metricsToken ? [settings.metricsToken] : [])] },
        consoleDirectory: withConsole ? BUILT_CONSOLE_DIRECTORY : undefined,
      }).catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE") throw portTaken(settings);
        if (code === "EACCES") throw new StartupError(`Not allowed to listen on port ${settings.port}: set PORT to a port above 1023.`);
        throw error;
      });
      if (withConsole) logger.info({ url: `${server.url}/` }, "web console");
      url = server.url;
      stoppers.push({ name: "http", stop: server.close });
    }
    if (role !== "serve") {
      // Loaded before the workers start, so no batch is analysed without the lists in force.
      const intel = new IntelService({ registry: services.intel, source: services.intelSnapshots, pubSub: events.pubSub, logger, checkIntervalMs: lists.reloadCheckSeconds * 1000 });
      await intel.start();
      stoppers.push({ name: "threat intel", stop: () => intel.stop() });
      const customRules = new CustomRuleReloader({
        registry: services.customRuleRegistry,
        source: services.customRuleSource,
        watcher: new CustomRuleWatcher(db, events.pubSub, logger),
        pubSub: events.pubSub,
        logger,
        checkIntervalMs: lists.reloadCheckSeconds * 1000,
      });
      await customRules.start();
      stoppers.push({ name: "custom rules", stop: () => customRules.stop() });
      const pool = await startWorkers({
        queues,
        services,
        logger,
        maintenance: { revokedKeyRetentionDays: settings.revokedKeyRetentionDays },
        ingest,
        processing: { concurrency: settings.ingestConcurrency, lockMs: settings.jobLockMs },
        reconcileEveryMs: settings.reconcileSeconds * 1000,
        lists: { jobs: listJobs, reconcileSeconds: lists.reconcileSeconds },
        publishing: settings.findings.publishing,
        retention: { findingRetentionDays: settings.findings.retentionDays },
      });
      stoppers.push({ name: "workers", stop: pool.close });
      if (demoFeeds) {
        const installed = await services.threatFeeds.createMissing({ kind: "operator" }, demoFeeds.feeds);
        if (installed.length > 0) logger.info({ feeds: installed.map((feed) => feed.name) }, "demo threat feeds installed (VIGIL_DEMO_FEEDS)");
      }
    }
    return { url, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
