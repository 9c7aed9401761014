import { Redis } from "ioredis";
import { loadAwsRanges } from "../reference-data/aws-ranges.js";
import { loadNameReference } from "../reference-data/domain-names.js";
import { createBaselineEngine } from "../detection/baselines/engine.js";
import { baselineSettings } from "../detection/baselines/state/settings.js";
import { defaultEngine } from "../detection/engine/default-engine.js";
import { offlineGeoLookup } from "../reference-data/geo.js";
import type { QueueSettings } from "../queues/connection.js";
import { DEFAULT_RETRY, IngestQueues, type ProcessRetry } from "../queues/ingest.js";
import { reportOutages } from "../queues/redis-outages.js";
import type { SecretSealer } from "./locations/s3-credentials.js";
import type { IngestServices } from "./ports.js";
import type { AnalysisDependencies } from "./process/analysis.js";
import { ObjectReader } from "./process/object-reader.js";
import { ProcessJob } from "./process/process-job.js";
import { type SuppressionRules, WITHOUT_SUPPRESSION_RULES } from "./process/suppression.js";
import { detectionStateStores } from "../state/detection-state.js";
import { sequenceSettings } from "../detection/sequences/settings.js";
import { PollSchedules } from "./poll/schedules.js";
import { SourcePoller } from "./poll/source-poller.js";
import { IngestReconciler } from "./reconcile/ingest-reconciler.js";
import { FolderWatchers, type WatchFolder, type WatchProblem } from "./watch/folder-watchers.js";

export type IngestOptions = {
  queues: QueueSettings;
  secretBox: SecretSealer;
  logsRoot: string;
  /** S3 endpoints may be private, loopback or link-local addresses (VIGIL_LOG_SOURCE_ALLOW_PRIVATE_ENDPOINTS). */
  allowPrivateEndpoints: boolean;
  /** Accounts never "outside" for any detector (VIGIL_TRUSTED_ACCOUNT_IDS). */
  trustedAccountIds?: readonly string[];
  retry?: ProcessRetry;
  /** Bytes of one object after decompression (VIGIL_OBJECT_MAX_BYTES); unbounded when unset. */
  maxObjectBytes?: number;
  /** What a stored Firehose request and its subscription messages may inflate to (VIGIL_STREAM_MAX_DECODED_BYTES); 64 MiB when unset. */
  maxStreamDecodedBytes?: number;
  /** Where suppression rules come from; none until the filters feature supplies them. */
  suppression?: SuppressionRules;
  /** Replaces parts of the analysis (tests give a small geo database, for instance). */
  analysis?: Partial<AnalysisDependencies>;
  /** How local folders are watched; Node's recursive fs.watch unless replaced (tests make it fail). */
  watchFolder?: WatchFolder;
  /** A folder's watch failed (it is tried again; polling continues meanwhile). */
  onWatchProblem?: (problem: WatchProblem) => void;
  /** The detection-state connection to Redis was lost, once per outage (ioredis reconnects on its own). */
  onRedisOutage?: (error: Error) => void;
};

const DEFAULT_STREAM_DECODED_BYTES = 64 * 1024 * 1024;

export type Ingest = ReturnType<typeof createIngest>;

/** The ingestion pipeline wired to the services: what the API (push queueing), the workers and `vigil import` use. */
export function createIngest(services: IngestServices, options: IngestOptions) {
  const queues = new IngestQueues(options.queues, options.retry ?? DEFAULT_RETRY);
  const locations = { secretBox: options.secretBox, logsRoot: options.logsRoot, allowPrivateEndpoints: options.allowPrivateEndpoints };
  const redis = new Redis(options.queues.redisUrl, { maxRetriesPerRequest: 3 });
  reportOutages(redis, options.onRedisOutage ?? (() => undefined));
  const settings = baselineSettings();
  const sequences = sequenceSettings();
  const engine = defaultEngine();
  const analysis: AnalysisDependencies = {
    engine,
    ...detectionStateStores(redis, options.queues.queuePrefix, engine.windowedRules, settings, sequences),
    baselines: createBaselineEngine(),
    baselineSettings: settings,
    sequenceSettings: sequences,
    intel: services.intel,
    customRules: services.customRuleRegistry,
    awsRanges: loadAwsRanges(),
    names: loadNameReference(),
    geo: offlineGeoLookup(),
    organizations: services.organizations,
    trustedAccountIds: new Set(options.trustedAccountIds ?? []),
    inventory: services.inventory,
    ...options.analysis,
  };
  const schedules = new PollSchedules(services.ingestion, queues);
  const reader = new ObjectReader(services.ingestion, analysis, options.suppression ?? WITHOUT_SUPPRESSION_RULES, options.maxObjectBytes);
  return {
    queues,
    reader,
    poller: new SourcePoller(services.ingestion, queues, locations),
    schedules,
    reconciler: new IngestReconciler(services.ingestion, queues, schedules),
    watchers: new FolderWatchers(services.ingestion, queues, { logsRoot: options.logsRoot, watchFolder: options.watchFolder, onProblem: options.onWatchProblem }),
    processJob: new ProcessJob(services.ingestion, reader, locations, options.maxStreamDecodedBytes ?? DEFAULT_STREAM_DECODED_BYTES),
    close: async () => {
      await queues.close();
      await redis.quit();
    },
  };
}
