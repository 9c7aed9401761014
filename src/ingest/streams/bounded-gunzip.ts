import { promisify } from "node:util";
import { gunzip, gunzipSync } from "node:zlib";

const gunzipAsync = promisify(gunzip);

/**
 * Inputs this small inflate on the calling thread: a Firehose request holds hundreds of subscription
 * messages of a few hundred bytes, and zlib's stream and thread-pool round trip cost several times the
 * inflating itself (about 35 against 10 µs of CPU each, measured for a 400-byte message). The output is
 * capped low too, so a small gzip bomb stalls the event loop for a millisecond at most before it is
 * handed to the thread pool with the real limit.
 */
const INLINE_INPUT_BYTES = 16 * 1024;
const INLINE_OUTPUT_BYTES = 1024 * 1024;

export class DecompressedTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`it inflates to more than ${limit} bytes`);
  }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const tooLarge = (error: unknown) => (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";

/**
 * Gunzip, stopping once `maxBytes` come out: a few KB of gzip can inflate to gigabytes, so the output is
 * what is counted, never the input. Small inputs inline, others in the thread pool. Corrupt gzip rejects
 * with zlib's error.
 */
export async function gunzipAtMost(bytes: Uint8Array, maxBytes: number): Promise<Buffer> {
  if (bytes.length <= INLINE_INPUT_BYTES) {
    try {
      return gunzipSync(bytes, { maxOutputLength: Math.min(maxBytes, INLINE_OUTPUT_BYTES) });
    } catch (error) {
      if (!tooLarge(error)) throw error;
      if (maxBytes <= INLINE_OUTPUT_BYTES) throw new DecompressedTooLargeError(maxBytes);
    }
  }
  try {
    return await gunzipAsync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if (tooLarge(error)) throw new DecompressedTooLargeError(maxBytes);
    throw error;
  }
}
