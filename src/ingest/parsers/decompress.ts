import { createGunzip } from "node:zlib";
import { Readable, pipeline } from "node:stream";
import { LogObjectError, ObjectTooLargeError } from "./log-object-error.js";

const GZIP_MAGIC = [0x1f, 0x8b] as const;
// Far larger than zlib's 16 KiB default: fewer chunks keep per-chunk overhead out of the hot path, and text
// of this size is a large object to V8, allocated outside the young generation the parsed records fill, so
// young collections come less often (readers still take it a slice at a time: index.ts, readInPieces).
const GUNZIP_CHUNK_BYTES = 512 * 1024;

export type ByteSource = NodeJS.ReadableStream | Readable;

/**
 * The object's bytes, gunzipped when they start with the gzip magic (never judged by the file name, since S3 keys
 * lie about compression as often as not). zlib errors (truncated or corrupt data) become LogObjectError; errors of
 * the source itself (network, disk) pass through unchanged so that the caller can retry them.
 *
 * `maxBytes` bounds the bytes after decompression: a small gzip member can expand a thousandfold, so the limit
 * that protects a reader is on what comes out. Reading stops at the first chunk past it (ObjectTooLargeError).
 */
export async function* decompressedChunks(input: ByteSource, objectKey: string, maxBytes = Number.POSITIVE_INFINITY): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of anyEncoding(input, objectKey)) {
    total += chunk.length;
    if (total > maxBytes) throw new ObjectTooLargeError(objectKey, maxBytes);
    yield chunk;
  }
}

async function* anyEncoding(input: ByteSource, objectKey: string): AsyncGenerator<Buffer> {
  const source = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const { first, ended } = await readAtLeast(source, GZIP_MAGIC.length);
  if (!isGzip(first)) {
    yield* passThrough(first, ended ? undefined : source);
    return;
  }
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  // Errors of either side reach us through the iteration of `gunzip` below; the callback only has to exist.
  pipeline(Readable.from(passThrough(first, ended ? undefined : source)), gunzip, () => undefined);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (isZlibError(error)) {
      throw new LogObjectError(objectKey, `truncated or corrupt gzip (${(error as Error).message})`);
    }
    throw error;
  }
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("Z_");
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
}

/** Reads until `minBytes` are in hand (a source may deliver a single byte per chunk) or the source ends. */
async function readAtLeast(
  source: AsyncIterator<Buffer | string>,
  minBytes: number,
): Promise<{ first: Buffer; ended: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < minBytes) {
    const next = await source.next();
    if (next.done) return { first: Buffer.concat(parts), ended: true };
    const chunk = toBuffer(next.value);
    parts.push(chunk);
    length += chunk.length;
  }
  return { first: parts.length === 1 ? parts[0] : Buffer.concat(parts), ended: false };
}

async function* passThrough(first: Buffer, rest: AsyncIterator<Buffer | string> | undefined): AsyncGenerator<Buffer> {
  try {
    if (first.length > 0) yield first;
    if (!rest) return;
    for (;;) {
      const next = await rest.next();
      if (next.done) return;
      yield toBuffer(next.value);
    }
  } finally {
    // Stopping early (the consumer broke off, or gunzip failed) must release the underlying stream.
    await rest?.return?.();
  }
}
