import { randomBytes } from "node:crypto";
import type { S3Credentials } from "../../ingest/locations/s3-credentials.js";
import { validateCredentials } from "../log-sources/credentials.js";
import { InvalidInputError } from "../errors.js";
import type { SecretBox } from "../secrets/secret-box.js";
import { type AddressPolicy, checkDestinationUrl } from "./address-policy.js";

export type WebhookInput = { url: string; secret?: string | null };
/** Access keys only: a destination's writer does not assume roles (without keys, the worker's own credentials are used). */
export type AccessKeysInput = { accessKeyId: string; secretAccessKey: string; sessionToken?: string | null };

export type S3DestinationInput = { bucket: string; prefix?: string | null; region?: string | null; endpoint?: string | null; credentials?: AccessKeysInput | null };

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const MIN_SECRET = 16;
const MAX_SECRET = 256;
const MAX_PREFIX = 512;

export async function validateWebhookUrl(url: string, policy: AddressPolicy): Promise<string> {
  return (await checkDestinationUrl(url, policy, "webhook.url")).href;
}

export function validateSigningSecret(secret: string): string {
  if (secret.length < MIN_SECRET || secret.length > MAX_SECRET) throw new InvalidInputError(`webhook.secret is ${MIN_SECRET} to ${MAX_SECRET} characters.`);
  return secret;
}

/** Without a secret of the client's, Vigil generates one (and shows it once). */
export async function validateWebhook(input: WebhookInput, policy: AddressPolicy): Promise<{ url: string; secret: string; generated: boolean }> {
  const url = await validateWebhookUrl(input.url, policy);
  if (input.secret === null || input.secret === undefined) return { url, secret: randomBytes(32).toString("base64url"), generated: true };
  return { url, secret: validateSigningSecret(input.secret), generated: false };
}

export type S3Properties = { s3Bucket: string; s3Prefix: string; s3Region: string; s3Endpoint: string | null; credentials: S3Credentials | null };

export async function validateS3(input: S3DestinationInput, policy: AddressPolicy): Promise<S3Properties> {
  if (!BUCKET.test(input.bucket)) throw new InvalidInputError("s3.bucket is not a valid bucket name.");
  const prefix = (input.prefix ?? "").replace(/^\/+|\/+$/g, "");
  if (prefix.length > MAX_PREFIX) throw new InvalidInputError(`s3.prefix is at most ${MAX_PREFIX} characters.`);
  const region = input.region ?? "us-east-1";
  if (!REGION.test(region)) throw new InvalidInputError("s3.region is not an AWS region name.");
  const endpoint = input.endpoint ? (await checkDestinationUrl(input.endpoint, policy, "s3.endpoint")).href.replace(/\/$/, "") : null;
  const credentials = input.credentials ? validateCredentials(input.credentials) : null;
  return { s3Bucket: input.bucket, s3Prefix: prefix, s3Region: region, s3Endpoint: endpoint, credentials };
}

// Bound to the destination's row: a ciphertext copied onto another row does not open there.
const context = (destinationId: string, what: string) => `publishing-destination:${destinationId}:${what}`;

export const sealSecret = (box: SecretBox, destinationId: string, secret: string) => box.seal(secret, context(destinationId, "secret"));
export const openSecret = (box: SecretBox, destinationId: string, sealed: string) => box.open(sealed, context(destinationId, "secret"));
export const sealS3Credentials = (box: SecretBox, destinationId: string, credentials: S3Credentials) => box.seal(JSON.stringify(credentials), context(destinationId, "credentials"));
export const openS3Credentials = (box: SecretBox, destinationId: string, sealed: string) => JSON.parse(box.open(sealed, context(destinationId, "credentials"))) as S3Credentials;
