import { promisify } from "node:util";
import { gunzip } from "node:zlib";

const gunzipAsync = promisify(gunzip);

export class DecompressedTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`it inflates to more than ${limit} bytes`);
  }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Gunzip in the thread pool, stopping once `maxBytes` come out: a few KB of gzip can inflate to gigabytes,
 * so the output is what is counted, never the input. Corrupt gzip rejects with zlib's error.
 */
export async function gunzipAtMost(bytes: Uint8Array, maxBytes: number): Promise<Buffer> {
  try {
    return await gunzipAsync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw new DecompressedTooLargeError(maxBytes);
    throw error;
  }
}
