import path from "node:path";
import { z } from "zod";

/**
 * Every setting Vigil reads, validated once at start. The README's configuration table mirrors this
 * list; a bad value stops the process with a message that names the variable.
 */
const settingsSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  VIGIL_DATA_DIR: z.string().min(1).default(".data"),
  VIGIL_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
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
  VIGIL_METRICS_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
  VIGIL_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  VIGIL_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Settings = Readonly<{
  databaseUrl: string | undefined;
  redisUrl: string;
  host: string;
  port: number;
  dataDir: string;
  embeddedPostgresPort: number;
  operatorToken: string | undefined;
  queuePrefix: string;
  shutdownTimeoutMs: number;
  maxBodyBytes: number;
  revokedKeyRetentionDays: number;
  /** Base64 key encrypting stored credentials; generated into the data folder when unset. */
  secretKey: string | undefined;
  /** Local-folder log sources must lie under this folder. */
  logsRoot: string;
  pushMaxBytes: number;
  metricsToken: string | undefined;
  /** Log objects one worker process reads at the same time. */
  ingestConcurrency: number;
  /** How long a worker holds a job without renewing its lock before another worker takes the job over. */
  jobLockMs: number;
  logLevel: z.infer<typeof settingsSchema>["LOG_LEVEL"];
}>;

export class ConfigError extends Error {}

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
    operatorToken: s.VIGIL_OPERATOR_TOKEN,
    queuePrefix: s.VIGIL_QUEUE_PREFIX,
    shutdownTimeoutMs: s.VIGIL_SHUTDOWN_TIMEOUT_MS,
    maxBodyBytes: s.VIGIL_MAX_BODY_BYTES,
    revokedKeyRetentionDays: s.VIGIL_REVOKED_KEY_RETENTION_DAYS,
    secretKey: s.VIGIL_SECRET_KEY,
    logsRoot: path.resolve(s.VIGIL_LOGS_ROOT ?? path.join(dataDir, "logs")),
    pushMaxBytes: s.VIGIL_PUSH_MAX_BYTES,
    metricsToken: s.VIGIL_METRICS_TOKEN,
    ingestConcurrency: s.VIGIL_INGEST_CONCURRENCY,
    jobLockMs: s.VIGIL_JOB_LOCK_MS,
    logLevel: s.LOG_LEVEL,
  });
}
