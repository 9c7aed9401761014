/**
 * Every number the baseline models use, with GuardDuty's defaults where it documents one. The
 * pipeline and `vigil scan` pass overrides; README "Behaviour baselines" lists them.
 */

/** A profiled feature of an entity; each is a capped map of values. */
export type Dimension =
  | "api"
  | "asn"
  | "country"
  | "userAgent"
  | "bucket"
  | "sourceAsn"
  | "port"
  | "resolver"
  | "host";

export type BaselineSettings = {
  /** Event time an entity must have been observed for before it can raise anomaly findings (GuardDuty: 7-14 days). */
  learningPeriodMs: number;
  /** Values not seen for this long are aged out when their map fills up; idle entities expire after it (Redis TTL). */
  retentionMs: number;
  /** Most values kept per dimension and entity; a full map of fresh values is "saturated" and raises nothing. */
  caps: Record<Dimension, number>;
  /** Volume histogram samples kept per instance before every bucket is halved (recent hours weigh more). */
  volumeHistogramCap: number;
  /** Caller-context features (ASN organization, country, user agent) that must be new for an API anomaly. */
  apiContextSignals: number;
  /** Of a console login's ASN organization, country and user agent, how many must be new. */
  consoleLoginSignals: number;
  /** Days a remote source must have been seen on before instance credentials used from it stop alerting. */
  credentialSourceDays: number;
  /** Days an identity must have made a sensitive call on (and weekly or more) before its rule findings are lowered a step. */
  routineActionDays: number;
  /** TrafficVolumeUnusual: bytes sent to one host within one hour must exceed both of these. */
  volumeMinBytesPerHour: number;
  volumeFactorOverUsual: number;
  /** TrafficVolumeUnusual: (host, hour) samples needed before the volume profile counts. */
  volumeMinSamples: number;
};

const DAY = 86_400_000;

export const DEFAULT_BASELINE_SETTINGS: BaselineSettings = {
  learningPeriodMs: 7 * DAY,
  retentionMs: 90 * DAY,
  caps: {
    api: 512,
    asn: 64,
    country: 32,
    userAgent: 64,
    bucket: 256,
    sourceAsn: 64,
    port: 256,
    resolver: 32,
    host: 1024,
  },
  volumeHistogramCap: 4096,
  apiContextSignals: 1,
  consoleLoginSignals: 2,
  credentialSourceDays: 3,
  routineActionDays: 4,
  volumeMinBytesPerHour: 256 * 1024 * 1024,
  volumeFactorOverUsual: 4,
  volumeMinSamples: 24,
};

export function baselineSettings(overrides: Partial<BaselineSettings> = {}): BaselineSettings {
  return { ...DEFAULT_BASELINE_SETTINGS, ...overrides, caps: { ...DEFAULT_BASELINE_SETTINGS.caps, ...overrides.caps } };
}

export const DAY_MS = DAY;
