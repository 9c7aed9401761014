import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FetchableLocation } from "../../ingest/lists/list-content-source.js";
import { isInside } from "../../paths.js";
import { InvalidInputError } from "../errors.js";

/** Where a list's content comes from. Inline content is stored with the list itself. */
export type ListLocation = FetchableLocation | { kind: "inline" };

export type LocationPolicy = { fileDirs: readonly string[]; s3Buckets: readonly string[]; allowHttp: boolean };

/** The `location` stored for a list whose content came with the request. */
export const INLINE_LOCATION = "inline";

const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Checks a location as written by a client. A file:// path must be inside one of the configured
 * folders (checked again, symlinks resolved, when the file is read), and an s3:// location must name
 * one of the configured buckets: list content can end up in a status message, so an arbitrary path
 * or object would let a client read what Vigil's own access reaches.
 */
export function parseListLocation(text: string, policy: LocationPolicy): ListLocation {
  if (text === INLINE_LOCATION) return { kind: "inline" };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError(`location "${text}" is not a URL: use https://…, s3://bucket/key or file:///path.`);
  }
  switch (url.protocol) {
    case "https:":
      return { kind: "url", url };
    case "http:":
      if (!policy.allowHttp) throw new InvalidInputError("Plain http:// locations are refused (set VIGIL_LIST_ALLOW_HTTP=true to allow them); use https://.");
      return { kind: "url", url };
    case "s3:":
      return parseS3(url, policy);
    case "file:":
      return parseFile(url, policy);
    default:
      throw new InvalidInputError(`location scheme ${url.protocol} is not supported: use https://, s3:// or file://.`);
  }
}

function parseS3(url: URL, policy: LocationPolicy): ListLocation {
  const key = decodeURIComponent(url.pathname.slice(1));
  if (!S3_BUCKET.test(url.hostname) || key === "") throw new InvalidInputError(`location "${url.href}" is not of the form s3://bucket/key.`);
  if (!policy.s3Buckets.includes(url.hostname)) {
    const allowed = policy.s3Buckets.length > 0 ? policy.s3Buckets.join(", ") : "none configured";
    throw new InvalidInputError(`s3:// locations must name a bucket listed in VIGIL_LIST_S3_BUCKETS (${allowed}).`);
  }
  return { kind: "s3", bucket: url.hostname, key };
}

function parseFile(url: URL, policy: LocationPolicy): ListLocation {
  if (url.hostname !== "") throw new InvalidInputError("file:// locations name a local path (file:///folder/list.txt), not a host.");
  const filePath = path.resolve(fileURLToPath(url));
  if (!policy.fileDirs.some((folder) => isInside(folder, filePath))) {
    const allowed = policy.fileDirs.length > 0 ? policy.fileDirs.join(", ") : "none configured";
    throw new InvalidInputError(`file:// locations must be inside the folders set by VIGIL_LIST_FILE_DIRS (${allowed}).`);
  }
  return { kind: "file", path: filePath };
}
