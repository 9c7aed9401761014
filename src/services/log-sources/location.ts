import path from "node:path";
import { isInside } from "../../paths.js";
import { InvalidInputError } from "../errors.js";

export type ParsedLocation =
  | { location: "S3"; s3Bucket: string; s3Prefix: string }
  | { location: "LOCAL"; localPath: string }
  | { location: "PUSH" }
  | { location: "FIREHOSE" }
  | { location: "EVENTBRIDGE" };

/** Locations named by a word, each receiving its logs over HTTP. */
const RECEIVERS = { push: "PUSH", firehose: "FIREHOSE", eventbridge: "EVENTBRIDGE" } as const;

const S3_URL = /^s3:\/\/([^/]+)\/?(.*)$/;
// AWS's rules, loosened for S3-compatible stores (which allow upper case and underscores).
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]$/;
const MAX_PREFIX_LENGTH = 900;

/**
 * `s3://bucket/prefix`, `push`, `firehose`, `eventbridge`, or a folder: absolute or relative to the logs root, and inside it
 * either way, so an API caller cannot make a worker read arbitrary files of its machine.
 */
export function parseLocation(text: string, logsRoot: string): ParsedLocation {
  const trimmed = text.trim();
  const word = trimmed.toLowerCase();
  if (Object.hasOwn(RECEIVERS, word)) return { location: RECEIVERS[word as keyof typeof RECEIVERS] };
  const s3 = S3_URL.exec(trimmed);
  if (s3) {
    const [, bucket, rawPrefix] = s3;
    if (!BUCKET.test(bucket)) throw new InvalidInputError(`"${bucket}" is not a bucket name.`);
    if (rawPrefix.length > MAX_PREFIX_LENGTH) throw new InvalidInputError(`The prefix must be at most ${MAX_PREFIX_LENGTH} characters.`);
    // Listings work folder by folder, so the prefix names a folder.
    const prefix = rawPrefix === "" || rawPrefix.endsWith("/") ? rawPrefix : `${rawPrefix}/`;
    return { location: "S3", s3Bucket: bucket, s3Prefix: prefix };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) throw new InvalidInputError("location must be s3://bucket/prefix, push, firehose, eventbridge, or a folder under the logs root.");
  if (trimmed === "") throw new InvalidInputError("location must not be empty.");
  const root = path.resolve(logsRoot);
  const folder = path.resolve(root, trimmed);
  if (!isInside(root, folder)) throw new InvalidInputError(`A local folder must be inside the logs root (${root}).`);
  return { location: "LOCAL", localPath: folder };
}

/** The location as the API shows it and takes it back. */
export function formatLocation(source: { location: string; s3Bucket: string | null; s3Prefix: string | null; localPath: string | null }): string {
  if (source.location === "S3") return `s3://${source.s3Bucket}/${source.s3Prefix ?? ""}`;
  if (source.location === "LOCAL") return source.localPath ?? "";
  return source.location.toLowerCase();
}
