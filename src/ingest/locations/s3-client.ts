import http from "node:http";
import https from "node:https";
import { S3Client, S3ServiceException } from "@aws-sdk/client-s3";
// STS ships inside the S3 client's own dependency tree (its credential providers assume roles with it).
import { AssumeRoleCommand, STSClient } from "@aws-sdk/nested-clients/sts";
import type { S3Credentials } from "./s3-credentials.js";
import { publicOnlyLookup, refusedLiteralEndpoint } from "./endpoint-guard.js";
import { LocationError } from "./log-location.js";

export type S3Settings = {
  bucket: string;
  /** "" for the whole bucket, otherwise ends with "/". */
  prefix: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  credentials?: S3Credentials;
  /** Names the assumed-role session, so CloudTrail on the bucket's side shows which source read it. */
  sessionName: string;
  /** A custom endpoint may be a private, loopback or link-local address (VIGIL_LOG_SOURCE_ALLOW_PRIVATE_ENDPOINTS). */
  allowPrivateEndpoint: boolean;
};

type Identity = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };

const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

function assumedRole(settings: S3Settings, role: { roleArn: string; externalId?: string }): () => Promise<Identity> {
  let cached: Identity | undefined;
  return async () => {
    if (cached?.expiration && cached.expiration.getTime() - Date.now() > REFRESH_BEFORE_EXPIRY_MS) return cached;
    // The role is assumed with the worker's own credentials (environment, profile or instance role).
    const sts = new STSClient({ region: settings.region });
    try {
      const { Credentials: issued } = await sts.send(
        new AssumeRoleCommand({ RoleArn: role.roleArn, ExternalId: role.externalId, RoleSessionName: settings.sessionName, DurationSeconds: 3600 }),
      );
      if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new Error("STS returned no credentials");
      cached = { accessKeyId: issued.AccessKeyId, secretAccessKey: issued.SecretAccessKey, sessionToken: issued.SessionToken, expiration: issued.Expiration };
      return cached;
    } catch (error) {
      throw new LocationError(`cannot assume role ${role.roleArn}: ${describeS3Error(error)}`, { cause: error });
    } finally {
      sts.destroy();
    }
  };
}

export function createS3Client(settings: S3Settings): S3Client {
  const { credentials } = settings;
  const guarded = settings.endpoint !== undefined && !settings.allowPrivateEndpoint;
  if (guarded) {
    const refused = refusedLiteralEndpoint(new URL(settings.endpoint!));
    if (refused) throw new LocationError(refused);
  }
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    maxAttempts: 3,
    credentials:
      credentials?.type === "ACCESS_KEY"
        ? { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken }
        : credentials?.type === "ASSUME_ROLE"
          ? assumedRole(settings, credentials)
          : undefined,
    ...(guarded ? { requestHandler: { httpAgent: new http.Agent({ lookup: publicOnlyLookup }), httpsAgent: new https.Agent({ lookup: publicOnlyLookup }) } } : {}),
  });
}

/** "AccessDenied (Access Denied)", "NoSuchBucket (…)", "ECONNREFUSED …": what an operator needs to fix it. */
export function describeS3Error(error: unknown): string {
  if (error instanceof LocationError) return error.message;
  if (error instanceof S3ServiceException) {
    const status = error.$metadata?.httpStatusCode;
    return `${error.name}${error.message && error.message !== error.name ? ` (${error.message})` : ""}${status ? `, HTTP ${status}` : ""}`;
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = (error as Error | null)?.message ?? String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Runs one S3 call; any failure becomes a LocationError naming the operation and the place. */
export async function s3Call<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof LocationError) throw error;
    throw new LocationError(`${what}: ${describeS3Error(error)}`, { cause: error });
  }
}
