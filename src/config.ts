import path from "node:path";
import { z } from "zod";
import { ConfigError } from "./config-error.js";

const flag = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");
const positive = z.coerce.number().int().min(1);
const accountIdList = z
  .string()
  .transform((value) => value.split(",").map((id) => id.trim()).filter((id) => id !== ""))
  .refine((ids) => ids.every((id) => /^\d{12}$/.test(id)), "must be comma-separated 12-digit AWS account ids");

/**
 * Every setting Vigil reads, validated once at start. The README's configuration table mirrors this
 * list; a bad value stops the process with a message that names the variable.
 */
const settingsSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  VIGIL_DATA_DIR: z.string().min(1).default(".data"),
  VIGIL_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  VIGIL_EMBEDDED_REDIS_PORT: z.coerce.number().int().min(1).max(65535).default(63799),
  VIGIL_REDIS_SERVER: z.string().min(1).optional(),
  VIGIL_OPERATOR_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
  VIGIL_QUEUE_PREFIX: z.string().min(1).default("{vigil}"),
  VIGIL_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  VIGIL_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  VIGIL_REVOKED_KEY_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  VIGIL_SECRET_KEY: z
    .string()
    .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes in base64 (openssl rand -base64 32)")
    .optional(),
  VIGIL_LOGS_ROOT: z.string().min(1).optional(),
  VIGIL_PUSH_MAX_BYTES: z.coerce.number().int().min(1024).default(10_485_760),
  // CloudTrail and flow log objects run to hundreds of MB uncompressed; 4 GiB leaves room while bounding a gzip bomb.
  VIGIL_OBJECT_MAX_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024 * 1024),
  VIGIL_STREAM_MAX_DECODED_BYTES: z.coerce.number().int().min(1024).default(67_108_864),
  VIGIL_METRICS_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
  VIGIL_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  VIGIL_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  VIGIL_RECONCILE_SECONDS: z.coerce.number().int().min(5).default(300),
  VIGIL_SILENCE_MULTIPLE: z.coerce.number().min(2).max(1000).default(10),
  VIGIL_LOG_SOURCE_ALLOW_PRIVATE_ENDPOINTS: flag.default(false),
  VIGIL_TRUSTED_ACCOUNT_IDS: accountIdList.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Trusted/threat lists and managed feeds. Limits default to GuardDuty's quotas.
  VIGIL_MAX_TRUSTED_LISTS: positive.default(1),
  VIGIL_MAX_THREAT_LISTS: positive.default(6),
  VIGIL_MAX_TRUSTED_LIST_ENTRIES: positive.default(2_000),
  VIGIL_MAX_THREAT_LIST_ENTRIES: positive.default(250_000),
  VIGIL_MAX_LIST_BYTES: positive.default(35 * 1024 * 1024),
  VIGIL_MAX_FEED_ENTRIES: positive.default(1_000_000),
  VIGIL_MAX_FEED_BYTES: positive.default(100 * 1024 * 1024),
  VIGIL_LIST_FILE_DIRS: z.string().optional(),
  VIGIL_LIST_ALLOW_HTTP: flag.default(false),
  VIGIL_LIST_ALLOW_PRIVATE_ADDRESSES: flag.default(false),
  VIGIL_LIST_FETCH_TIMEOUT_MS: positive.default(30_000),
  VIGIL_LIST_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(3),
  VIGIL_LIST_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  VIGIL_LIST_S3_REGION: z.string().min(1).default("us-east-1"),
  VIGIL_LIST_S3_FORCE_PATH_STYLE: flag.default(false),
  VIGIL_LIST_S3_BUCKETS: z.string().optional(),
  VIGIL_LISTS_RECONCILE_SECONDS: positive.default(60),
  VIGIL_INTEL_RELOAD_CHECK_SECONDS: positive.default(30),
  VIGIL_DEMO_FEEDS: flag.optional(),
  // Findings: retention, filters, live subscriptions, publishing destinations.
  VIGIL_FINDING_RETENTION_DAYS: positive.default(90),
  VIGIL_FILTERS_PER_DETECTOR: positive.default(100),
  VIGIL_SUBSCRIPTION_QUEUE_LIMIT: positive.default(1_000),
  VIGIL_SUBSCRIPTION_RECHECK_MS: z.coerce.number().int().min(100).default(10_000),
  VIGIL_PUBLISH_ALLOW_HTTP: flag.default(false),
  VIGIL_PUBLISH_ALLOW_PRIVATE_ADDRESSES: flag.default(false),
  VIGIL_PUBLISH_ATTEMPTS: positive.default(8),
  VIGIL_PUBLISH_BACKOFF_MS: positive.default(5_000),
  VIGIL_PUBLISH_TIMEOUT_MS: positive.default(10_000),
  VIGIL_PUBLISH_SWEEP_SECONDS: positive.default(60),
  VIGIL_OUTBOX_RELAY_MS: z.coerce.number().int().min(100).default(2_000),
  VIGIL_OUTBOX_LEASE_MS: z.coerce.number().int().min(1_000).default(60_000),
  VIGIL_PUBLIC_URL: z.string().url().optional(),
  // What one GraphQL request may ask for (HTTP and WebSocket alike).
  VIGIL_GRAPHQL_MAX_DOCUMENT_BYTES: positive.default(65_536),
  VIGIL_GRAPHQL_MAX_TOKENS: positive.default(5_000),
  VIGIL_GRAPHQL_MAX_DEPTH: positive.default(15),
  VIGIL_GRAPHQL_MAX_ALIASES: positive.default(30),
  VIGIL_GRAPHQL_MAX_COST: positive.default(100_000),
  VIGIL_GRAPHQL_MAX_SAME_MUTATION: positive.default(5),
  VIGIL_GRAPHQL_LIST_SIZE: positive.default(10),
  VIGIL_WS_MAX_SUBSCRIPTIONS_PER_SOCKET: positive.default(20),
  VIGIL_WS_MAX_SUBSCRIPTIONS_PER_KEY: positive.default(100),
  // Failed authentication, counted in Redis across API processes.
  VIGIL_AUTH_FAILURES_PER_ADDRESS: positive.default(30),
  VIGIL_AUTH_FAILURES_PER_KEY: positive.default(10),
  VIGIL_AUTH_FAILURE_WINDOW_SECONDS: positive.default(300),
  VIGIL_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
});

/** Trusted/threat lists and managed feeds: limits, where content may come from, how workers reload. */
export type ListSettings = Readonly<{
  maxTrustedLists: number;
  maxThreatLists: number;
  maxTrustedEntries: number;
  maxThreatEntries: number;
  maxListBytes: number;
  maxFeedEntries: number;
  maxFeedBytes: number;
  /** Folders `file://` locations must be inside. */
  fileDirs: readonly string[];
  /** Buckets `s3://` locations may name (Vigil's credentials may reach more than clients should read). */
  s3Buckets: readonly string[];
  allowHttp: boolean;
  /** Lets URL fetches reach private, loopback and link-local addresses (off: the SSRF guard refuses them). */
  allowPrivateAddresses: boolean;
  fetchTimeoutMs: number;
  maxRedirects: number;
  s3: Readonly<{ endpoint?: string; region: string; forcePathStyle: boolean; credentials?: { accessKeyId: string; secretAccessKey: string } }>;
  reconcileSeconds: number;
  reloadCheckSeconds: number;
  /** Install the bundled demo feeds (config/demo-feeds.json) at start. */
  demoFeeds: boolean;
}>;

/** Findings: how long they are kept, filters, live subscriptions and publishing destinations. */
export type FindingSettings = Readonly<{
  /** Findings not updated for this long are deleted. */
  retentionDays: number;
  filtersPerDetector: number;
  /** Findings one live subscription may have waiting before it is ended as too slow. */
  subscriptionQueueLimit: number;
  /** How often live subscriptions recheck revoked keys and membership changes. */
  subscriptionRecheckMs: number;
  publishing: Readonly<{
    /** Plain http webhook and S3 endpoint URLs (off: https only). */
    allowHttp: boolean;
    /** Lets destinations be private, loopback or link-local addresses (off: the SSRF guard refuses them). */
    allowPrivateAddresses: boolean;
    /** Attempts per delivery, with exponential backoff from backoffMs, before it is dead and the destination UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY. */
    attempts: number;
    backoffMs: number;
    timeoutMs: number;
    /** How often workers look for destinations whose batch of updates is due. */
    sweepSeconds: number;
    /** How often the outbox relay looks for due deliveries besides when findings are written (VIGIL_OUTBOX_RELAY_MS). */
    relayEveryMs: number;
    /** How long a claimed delivery waits for its job before it is claimed again: what a job Redis lost costs (VIGIL_OUTBOX_LEASE_MS). */
    leaseMs: number;
    /** Where people reach the console (VIGIL_PUBLIC_URL): Slack messages link there. */
    publicUrl: string | null;
  }>;
}>;

/** What one GraphQL request (HTTP or a WebSocket subscribe message) may ask for; checked before anything runs. */
export type RequestLimitSettings = Readonly<{
  /** Bytes of the query text. */
  maxDocumentBytes: number;
  /** Lexical tokens of the query text (names, punctuation, values). */
  maxTokens: number;
  /** Nesting of selections below the operation. */
  maxDepth: number;
  /** Aliased fields in the whole document. */
  maxAliases: number;
  /** Estimated fields the response would hold: one per field, times the page or list size above it. */
  maxCost: number;
  /** Root fields of one name in one mutation (an alias of the same mutation counts again). */
  maxSameMutation: number;
  /** Items a list counts as when no page size (first, maxResults) bounds it. */
  listSize: number;
  /** Subscriptions one WebSocket may hold open at once. */
  maxSubscriptionsPerSocket: number;
  /** Subscriptions one API key may hold open at once over all its sockets to this process. */
  maxSubscriptionsPerKey: number;
}>;

export type Settings = Readonly<{
  databaseUrl: string | undefined;
  /** Unset: the Redis on 127.0.0.1:6379, else an embedded redis-server (see resolveRedisUrl). */
  redisUrl: string | undefined;
  host: string;
  port: number;
  dataDir: string;
  embeddedPostgresPort: number;
  embeddedRedisPort: number;
  /** The redis-server binary an embedded Redis runs; unset: the first on PATH. */
  redisServerBinary: string | undefined;
  operatorToken: string | undefined;
  queuePrefix: string;
  shutdownTimeoutMs: number;
  maxBodyBytes: number;
  revokedKeyRetentionDays: number;
  /** Base64 key encrypting stored credentials; generated into the data folder when unset. */
  secretKey: string | undefined;
  /** Local-folder log sources must lie under this folder. */
  logsRoot: string;
  /** Bytes, after decompression, of one pushed body. */
  pushMaxBytes: number;
  /** Bytes, after decompression, of one log object read by a worker or `vigil import`. */
  objectMaxBytes: number;
  /** What a Firehose or EventBridge request may inflate to (body and CloudWatch Logs messages gunzip'd). */
  streamMaxDecodedBytes: number;
  metricsToken: string | undefined;
  /** Log objects one worker process reads at the same time. */
  ingestConcurrency: number;
  /** How long a worker holds a job without renewing its lock before another worker takes the job over. */
  jobLockMs: number;
  /** A source that delivered with a rhythm is silent after this many of its usual intervals without an object (VIGIL_SILENCE_MULTIPLE). */
  silenceMultiple: number;
  /** How often workers queue again the objects and poll schedules Redis lost (VIGIL_RECONCILE_SECONDS). */
  reconcileSeconds: number;
  /** Log sources' S3 endpoints may be private, loopback or link-local addresses. */
  logSourceAllowPrivateEndpoints: boolean;
  /** Accounts outside the organization that the operator vouches for: sharing with them is not "outside". */
  trustedAccountIds: readonly string[];
  logLevel: z.infer<typeof settingsSchema>["LOG_LEVEL"];
  lists: ListSettings;
  findings: FindingSettings;
  requestLimits: RequestLimitSettings;
  authFailures: Readonly<{
    /** Failed authentications one client address may make per window before it is refused (429) until the window ends. */
    failuresPerAddress: number;
    /** The same per key prefix (vk_<publicId>), whichever address the attempts come from. */
    failuresPerKey: number;
    windowSeconds: number;
    /** Proxies in front of the API that append to X-Forwarded-For; the client address is read past them. */
    trustedProxies: number;
  }>;
}>;

// In a module of its own so the CLI can name it without loading the settings schema (zod).
export { ConfigError };

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  // An empty variable means "unset", as in most deployment tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = settingsSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const s = parsed.data;
  const dataDir = path.resolve(s.VIGIL_DATA_DIR);
  return Object.freeze({
    databaseUrl: s.DATABASE_URL,
    redisUrl: s.REDIS_URL,
    host: s.HOST,
    port: s.PORT,
    dataDir,
    embeddedPostgresPort: s.VIGIL_EMBEDDED_PG_PORT,
    embeddedRedisPort: s.VIGIL_EMBEDDED_REDIS_PORT,
    redisServerBinary: s.VIGIL_REDIS_SERVER,
    operatorToken: s.VIGIL_OPERATOR_TOKEN,
    queuePrefix: s.VIGIL_QUEUE_PREFIX,
    shutdownTimeoutMs: s.VIGIL_SHUTDOWN_TIMEOUT_MS,
    maxBodyBytes: s.VIGIL_MAX_BODY_BYTES,
    revokedKeyRetentionDays: s.VIGIL_REVOKED_KEY_RETENTION_DAYS,
    secretKey: s.VIGIL_SECRET_KEY,
    logsRoot: path.resolve(s.VIGIL_LOGS_ROOT ?? path.join(dataDir, "logs")),
    pushMaxBytes: s.VIGIL_PUSH_MAX_BYTES,
    objectMaxBytes: s.VIGIL_OBJECT_MAX_BYTES,
    streamMaxDecodedBytes: s.VIGIL_STREAM_MAX_DECODED_BYTES,
    metricsToken: s.VIGIL_METRICS_TOKEN,
    ingestConcurrency: s.VIGIL_INGEST_CONCURRENCY,
    jobLockMs: s.VIGIL_JOB_LOCK_MS,
    reconcileSeconds: s.VIGIL_RECONCILE_SECONDS,
    silenceMultiple: s.VIGIL_SILENCE_MULTIPLE,
    logSourceAllowPrivateEndpoints: s.VIGIL_LOG_SOURCE_ALLOW_PRIVATE_ENDPOINTS,
    trustedAccountIds: Object.freeze(s.VIGIL_TRUSTED_ACCOUNT_IDS ?? []),
    logLevel: s.LOG_LEVEL,
    lists: Object.freeze({
      maxTrustedLists: s.VIGIL_MAX_TRUSTED_LISTS,
      maxThreatLists: s.VIGIL_MAX_THREAT_LISTS,
      maxTrustedEntries: s.VIGIL_MAX_TRUSTED_LIST_ENTRIES,
      maxThreatEntries: s.VIGIL_MAX_THREAT_LIST_ENTRIES,
      maxListBytes: s.VIGIL_MAX_LIST_BYTES,
      maxFeedEntries: s.VIGIL_MAX_FEED_ENTRIES,
      maxFeedBytes: s.VIGIL_MAX_FEED_BYTES,
      fileDirs: (s.VIGIL_LIST_FILE_DIRS ?? path.join(s.VIGIL_DATA_DIR, "lists"))
        .split(",")
        .filter((dir) => dir.trim() !== "")
        .map((dir) => path.resolve(dir.trim())),
      s3Buckets: (s.VIGIL_LIST_S3_BUCKETS ?? "")
        .split(",")
        .map((bucket) => bucket.trim())
        .filter((bucket) => bucket !== ""),
      allowHttp: s.VIGIL_LIST_ALLOW_HTTP,
      allowPrivateAddresses: s.VIGIL_LIST_ALLOW_PRIVATE_ADDRESSES,
      fetchTimeoutMs: s.VIGIL_LIST_FETCH_TIMEOUT_MS,
      maxRedirects: s.VIGIL_LIST_MAX_REDIRECTS,
      s3: { endpoint: s.VIGIL_LIST_S3_ENDPOINT, region: s.VIGIL_LIST_S3_REGION, forcePathStyle: s.VIGIL_LIST_S3_FORCE_PATH_STYLE },
      reconcileSeconds: s.VIGIL_LISTS_RECONCILE_SECONDS,
      reloadCheckSeconds: s.VIGIL_INTEL_RELOAD_CHECK_SECONDS,
      // A first local run (embedded database) shows managed threat intelligence working out of the box.
      demoFeeds: s.VIGIL_DEMO_FEEDS ?? s.DATABASE_URL === undefined,
    }),
    findings: Object.freeze({
      retentionDays: s.VIGIL_FINDING_RETENTION_DAYS,
      filtersPerDetector: s.VIGIL_FILTERS_PER_DETECTOR,
      subscriptionQueueLimit: s.VIGIL_SUBSCRIPTION_QUEUE_LIMIT,
      subscriptionRecheckMs: s.VIGIL_SUBSCRIPTION_RECHECK_MS,
      publishing: Object.freeze({
        allowHttp: s.VIGIL_PUBLISH_ALLOW_HTTP,
        allowPrivateAddresses: s.VIGIL_PUBLISH_ALLOW_PRIVATE_ADDRESSES,
        attempts: s.VIGIL_PUBLISH_ATTEMPTS,
        backoffMs: s.VIGIL_PUBLISH_BACKOFF_MS,
        timeoutMs: s.VIGIL_PUBLISH_TIMEOUT_MS,
        sweepSeconds: s.VIGIL_PUBLISH_SWEEP_SECONDS,
        relayEveryMs: s.VIGIL_OUTBOX_RELAY_MS,
        leaseMs: s.VIGIL_OUTBOX_LEASE_MS,
        publicUrl: s.VIGIL_PUBLIC_URL ?? null,
      }),
    }),
    requestLimits: Object.freeze({
      maxDocumentBytes: s.VIGIL_GRAPHQL_MAX_DOCUMENT_BYTES,
      maxTokens: s.VIGIL_GRAPHQL_MAX_TOKENS,
      maxDepth: s.VIGIL_GRAPHQL_MAX_DEPTH,
      maxAliases: s.VIGIL_GRAPHQL_MAX_ALIASES,
      maxCost: s.VIGIL_GRAPHQL_MAX_COST,
      maxSameMutation: s.VIGIL_GRAPHQL_MAX_SAME_MUTATION,
      listSize: s.VIGIL_GRAPHQL_LIST_SIZE,
      maxSubscriptionsPerSocket: s.VIGIL_WS_MAX_SUBSCRIPTIONS_PER_SOCKET,
      maxSubscriptionsPerKey: s.VIGIL_WS_MAX_SUBSCRIPTIONS_PER_KEY,
    }),
    authFailures: Object.freeze({
      failuresPerAddress: s.VIGIL_AUTH_FAILURES_PER_ADDRESS,
      failuresPerKey: s.VIGIL_AUTH_FAILURES_PER_KEY,
      windowSeconds: s.VIGIL_AUTH_FAILURE_WINDOW_SECONDS,
      trustedProxies: s.VIGIL_TRUSTED_PROXIES,
    }),
  });
}
