import type { Readable } from "node:stream";
import { FetchError, tooLarge } from "./fetch-error.js";

/**
 * Reads a stream to the end, giving up (and destroying the stream, which closes the connection) as
 * soon as more than maxBytes arrived: a 300 MB answer costs at most maxBytes of memory and traffic.
 */
export async function readBounded(stream: Readable, maxBytes: number, describeFailure: (error: Error) => string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) {
        stream.destroy();
        throw tooLarge(maxBytes);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw new FetchError(describeFailure(error as Error));
  }
  return Buffer.concat(chunks, total);
}
