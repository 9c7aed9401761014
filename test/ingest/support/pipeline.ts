import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Worker } from "bullmq";
import type { DetectionEngine } from "../../../src/detection/engine/engine";
import type { GeoLookup } from "../../../src/detection/geo/geo-lookup";
import { createIngest, type Ingest, type IngestOptions } from "../../../src/ingest";
import { createLogger } from "../../../src/logger";
import { createLocalPubSub, type VigilPubSub } from "../../../src/realtime/pubsub";
import type { FindingsUpsertedEvent } from "../../../src/realtime/topics";
import type { AccountActor } from "../../../src/services/actor";
import { createServices, type Services } from "../../../src/services";
import type { CreateLogSourceCommand } from "../../../src/services/log-sources/log-source-service";
import { SecretBox } from "../../../src/services/secrets/secret-box";
import { startIngestWorker, type RunningIngestWorker } from "../../../workers/ingest";
import { startProcessWorker } from "../../../workers/process";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { freshQueuePrefix } from "../../support/queues";
import { ACCOUNT } from "./cloudtrail";

/** Wraps an engine to see how events reach it: the batch sizes, per log object. */
export function observedEngine(engine: DetectionEngine): { engine: DetectionEngine; batchSizes: Map<string, number[]> } {
  const batchSizes = new Map<string, number[]>();
  return {
    batchSizes,
    engine: {
      ...engine,
      detectBatch: (events, context) => {
        const object = events[0]?.origin.object ?? "";
        batchSizes.set(object, [...(batchSizes.get(object) ?? []), events.length]);
        return engine.detectBatch(events, context);
      },
    },
  };
}

/** Addresses without a geo database: enough for findings, and no 70 MB database per test file. */
export const PLAIN_GEO: GeoLookup = { lookup: (address) => (/^[\d.]+$/.test(address) ? { ipAddressV4: address } : address.includes(":") ? { ipAddressV6: address } : undefined) };

export type TestPipeline = {
  database: TestDatabase;
  services: Services;
  ingest: Ingest;
  pubSub: VigilPubSub;
  queues: ReturnType<typeof freshQueuePrefix>;
  logsRoot: string;
  owner: AccountActor & { detectorId: string };
  createSource(command: Partial<CreateLogSourceCommand> & Pick<CreateLogSourceCommand, "location">): Promise<string>;
  startWorkers(options?: { lockMs?: number }): Promise<void>;
  stopWorkers(): Promise<void>;
  /** Queues a pushed object under a chosen key, stored as the push route stores it. */
  queuePushed(logSourceId: string, objectKey: string, body: string): Promise<void>;
  close(): Promise<void>;
};

/** The ingestion pipeline in this process over a fresh database and queue prefix, with an account whose detector is enabled. */
export async function startTestPipeline(options: Partial<Pick<IngestOptions, "retry" | "analysis" | "suppression" | "trustedAccountIds" | "watchFolder" | "onWatchProblem" | "maxStreamDecodedBytes">> = {}): Promise<TestPipeline> {
  const database = await createTestDatabase();
  const queues = freshQueuePrefix();
  const logsRoot = await mkdtemp(path.join(tmpdir(), "vigil-logs-"));
  const pubSub = createLocalPubSub();
  const secretBox = SecretBox.ephemeral();
  const services = createServices({ db: database.db, operatorToken: randomBytes(24).toString("hex"), pubSub, logSources: { secretBox, logsRoot, allowPrivateEndpoints: true } });
  const ingest = createIngest(services, {
    queues,
    secretBox,
    logsRoot,
    // s3rver listens on 127.0.0.1.
    allowPrivateEndpoints: true,
    retry: options.retry ?? { attempts: 3, backoffMs: 100 },
    suppression: options.suppression,
    trustedAccountIds: options.trustedAccountIds,
    watchFolder: options.watchFolder,
    onWatchProblem: options.onWatchProblem,
    maxStreamDecodedBytes: options.maxStreamDecodedBytes,
    analysis: { geo: PLAIN_GEO, ...options.analysis },
  });
  const account = await database.db.account.create({ data: { accountId: ACCOUNT, name: "owner", email: "owner@example.com" } });
  const detectorId = randomBytes(16).toString("hex");
  await database.db.detector.create({ data: { id: detectorId, accountId: account.id, status: "ENABLED" } });
  const owner = { kind: "account" as const, accountRowId: account.id, accountId: ACCOUNT, apiKeyId: randomUUID(), detectorId };
  const logger = createLogger("silent");
  let polling: RunningIngestWorker | undefined;
  let processing: Worker | undefined;

  const stopWorkers = async () => {
    await polling?.stopFollowingChanges();
    await Promise.all([polling?.worker.close(), processing?.close()]);
    polling = undefined;
    processing = undefined;
  };

  return {
    database,
    services,
    ingest,
    pubSub,
    queues,
    logsRoot,
    owner,
    createSource: async (command) => {
      const source = await services.logSources.create(owner, detectorId, { name: "test source", kind: "CLOUD_TRAIL", pollIntervalSeconds: 1, ...command });
      return source.id;
    },
    startWorkers: async (workerOptions = {}) => {
      polling = await startIngestWorker(ingest, queues, pubSub, logger, { reconcileEveryMs: 300_000, onRedisReconnect: () => services.ingestion.countRedisReconnect() });
      processing = startProcessWorker(ingest, queues, { concurrency: 2, lockMs: workerOptions.lockMs ?? 30_000 }, logger);
    },
    stopWorkers,
    queuePushed: async (logSourceId, objectKey, body) => {
      const object = { key: objectKey, size: body.length, lastModified: new Date() };
      await services.ingestion.recordQueued(logSourceId, [{ ...object, body: gzipSync(body) }]);
      await ingest.queues.enqueueObjects(logSourceId, [object]);
    },
    close: async () => {
      await stopWorkers();
      await ingest.close();
      await queues.cleanup();
      await database.drop();
      await rm(logsRoot, { recursive: true, force: true });
    },
  };
}

/** Collects the FINDINGS_UPSERTED events published from now on, until `stop`. */
export function collectFindingEvents(pubSub: VigilPubSub): { events: FindingsUpsertedEvent[]; stop(): Promise<void> } {
  const events: FindingsUpsertedEvent[] = [];
  const subscription = pubSub.subscribe("FINDINGS_UPSERTED");
  const collecting = (async () => {
    for await (const event of subscription) events.push(event);
  })();
  return {
    events,
    stop: async () => {
      await subscription.return?.();
      await collecting;
    },
  };
}

/** Polls `probe` until `done` holds, or fails with the last value seen. */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}
