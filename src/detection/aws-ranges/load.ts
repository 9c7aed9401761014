/**
 * Loads AWS's ip-ranges.json once per process and file. Vigil ships a snapshot beside this file
 * (see README.md); an operator refreshes it by downloading AWS's current file and pointing the
 * detector at it (`vigil scan --aws-ip-ranges FILE`, or the path given to loadAwsRanges).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { PROJECT_ROOT } from "../../paths.js";
import { AwsRangeIndex, type IpRangesDocument } from "./range-index.js";

export const BUNDLED_AWS_RANGES_FILE = path.join(PROJECT_ROOT, "src", "detection", "aws-ranges", "ip-ranges.json.gz");

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
    const text = (isGzip(bytes) ? gunzipSync(bytes) : bytes).toString("utf8");
    let document: IpRangesDocument;
    try {
      document = JSON.parse(text) as IpRangesDocument;
    } catch (error) {
      throw new Error(`${resolved} is not AWS's ip-ranges.json: ${(error as Error).message}`);
    }
    if (!Array.isArray(document.prefixes)) throw new Error(`${resolved} is not AWS's ip-ranges.json: no "prefixes" array`);
    index = new AwsRangeIndex(document);
    loaded.set(resolved, index);
  }
  return index;
}
