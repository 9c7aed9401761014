/**
 * Loads AWS's ip-ranges.json once per process and file. Vigil ships a snapshot in data/ (see its
 * README.md); an operator refreshes it by downloading AWS's current file and pointing the detector at
 * it (`vigil scan --aws-ip-ranges FILE`, or the path given to loadAwsRanges).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { parseAwsRanges, type AwsRangeIndex } from "../detection/aws-ranges/range-index.js";
import { PROJECT_ROOT } from "../paths.js";

export const BUNDLED_AWS_RANGES_FILE = path.join(PROJECT_ROOT, "src", "reference-data", "data", "ip-ranges.json.gz");

const loaded = new Map<string, AwsRangeIndex>();

function isGzip(bytes: Buffer): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The index of the file (gzip'd or plain JSON); the bundled snapshot when no file is given. */
export function loadAwsRanges(file: string = BUNDLED_AWS_RANGES_FILE): AwsRangeIndex {
  const resolved = path.resolve(file);
  let index = loaded.get(resolved);
  if (!index) {
    const bytes = readFileSync(resolved);
    index = parseAwsRanges((isGzip(bytes) ? gunzipSync(bytes) : bytes).toString("utf8"), resolved);
    loaded.set(resolved, index);
  }
  return index;
}
