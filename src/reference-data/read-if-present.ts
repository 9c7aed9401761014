import { readFileSync } from "node:fs";

/** A file's bytes, or undefined when it cannot be read: the build-time forms of reference data are optional. */
export function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
