/**
 * Loads AWS's ip-ranges.json once per process and file. Vigil ships a snapshot in data/ (see its
 * README.md); an operator refreshes it by downloading AWS's current file and pointing the detector at
 * it (`vigil scan --aws-ip-ranges FILE`, or the path given to loadAwsRanges).
 *
 * The snapshot is read from its compact form (`npm run build` writes it, see
 * writeCompactAwsRanges) while that form was made from the snapshot as it is now; otherwise, and for
 * any other file, from the JSON.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { decodeCompactRanges, encodeCompactRanges } from "../detection/aws-ranges/compact-ranges.js";
import { AwsRangeIndex, parseIpRangesDocument } from "../detection/aws-ranges/range-index.js";
import { PROJECT_ROOT } from "../paths.js";
import { readIfPresent } from "./read-if-present.js";

export const BUNDLED_AWS_RANGES_FILE = path.join(PROJECT_ROOT, "src", "reference-data", "data", "ip-ranges.json.gz");
export const COMPACT_AWS_RANGES_FILE = path.join(PROJECT_ROOT, "dist", "reference-data", "ip-ranges.compact");

const loaded = new Map<string, AwsRangeIndex>();

function isGzip(bytes: Buffer): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function digest(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function documentOf(bytes: Buffer, source: string) {
  return parseIpRangesDocument((isGzip(bytes) ? gunzipSync(bytes) : bytes).toString("utf8"), source);
}

/**
 * The index of the file (gzip'd or plain JSON); the bundled snapshot when no file is given.
 * `compactFile` is where the compact form of `file` may be.
 */
export function loadAwsRanges(file: string = BUNDLED_AWS_RANGES_FILE, compactFile = file === BUNDLED_AWS_RANGES_FILE ? COMPACT_AWS_RANGES_FILE : undefined): AwsRangeIndex {
  const resolved = path.resolve(file);
  let index = loaded.get(resolved);
  if (!index) {
    const bytes = readFileSync(resolved);
    const compact = compactFile === undefined ? undefined : readIfPresent(compactFile);
    index = (compact && decodeCompactRanges(compact, digest(bytes))) || AwsRangeIndex.fromDocument(documentOf(bytes, resolved));
    loaded.set(resolved, index);
  }
  return index;
}

/** Writes the compact form of an ip-ranges.json file (by default the bundled snapshot's, where loadAwsRanges looks for it). */
export function writeCompactAwsRanges(file = BUNDLED_AWS_RANGES_FILE, compactFile = COMPACT_AWS_RANGES_FILE): void {
  const bytes = readFileSync(file);
  mkdirSync(path.dirname(compactFile), { recursive: true });
  writeFileSync(compactFile, encodeCompactRanges(documentOf(bytes, file), digest(bytes)));
}

