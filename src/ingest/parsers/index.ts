import type { Readable } from "node:stream";
import type { LogKind, VigilEvent } from "../../detection/events.js";
import { decompressedChunks } from "./decompress.js";
import { chooseKind } from "./choose-kind.js";
import { EventCollector } from "./event-collector.js";
import { createRecordReader, type RecordReader } from "./record-reader.js";
import { readHead, textChunks } from "./text-chunks.js";
import type { ParseOptions, ParseStats } from "./types.js";

export { detectLogKind } from "./detect-log-kind.js";
export { LogObjectError, ObjectTooLargeError } from "./log-object-error.js";
export type { ParseError, ParseOptions, ParseStats } from "./types.js";

const DEFAULT_BATCH_SIZE = 1000;
/** Text handed to a reader at a time (see readInPieces). */
const PIECE_CHARS = 64 * 1024;
/** Enough to see past a long first CloudTrail record to its eventName, and the header of any flow log. */
const HEAD_CHARS = 16 * 1024;
const DIGEST_KEY = /CloudTrail-Digest/;

/**
 * Streams one log object (gzip or plain; CloudTrail, VPC Flow Logs or Route 53 Resolver query logs) into batches of
 * normalized events. Broken records are counted in `stats` and skipped; an object that cannot be read at all makes
 * the iteration throw LogObjectError. `stats` fills in as batches are consumed and is final when iteration ends.
 */
export function parseLogObject(
  input: NodeJS.ReadableStream | Readable,
  options: ParseOptions,
): { batches: AsyncIterable<VigilEvent[]>; stats: ParseStats } {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const stats: ParseStats = { records: 0, events: 0, broken: 0, errors: [] };
  return { batches: parseBatches(input, options, new EventCollector(stats, batchSize)), stats };
}

async function* parseBatches(
  input: NodeJS.ReadableStream | Readable,
  options: ParseOptions,
  collector: EventCollector,
): AsyncGenerator<VigilEvent[]> {
  const { stats } = collector;
  if (DIGEST_KEY.test(options.objectKey)) {
    skip(stats, "CLOUD_TRAIL", "CloudTrail digest file");
    release(input);
    return;
  }
  const head = await readHead(textChunks(decompressedChunks(input, options.objectKey, options.maxBytes)), HEAD_CHARS);
  try {
    const choice = chooseKind(head, options);
    if ("skipped" in choice) {
      skip(stats, choice.kind, choice.skipped);
      return;
    }
    stats.kind = choice.kind;
    const reader = createRecordReader(choice.kind, head.text, options, collector);
    yield* readInPieces(reader, head.text, collector);
    for (let next = await head.rest.next(); !next.done; next = await head.rest.next()) {
      yield* readInPieces(reader, next.value, collector);
    }
    reader.end();
    yield* collector.take(true);
  } finally {
    // Whether the consumer stopped early, the object was skipped or reading failed: let go of the source stream.
    await head.rest.return?.();
  }
}

/**
 * Text comes in chunks of hundreds of KB (large objects for V8, kept out of the young generation that
 * the records fill), but is read a slice at a time, each batch handed out as soon as it is full: records
 * parsed ahead of their batch's detection stay alive longer, and that is what the garbage collector
 * spends its time copying. Readers take text cut anywhere (in a line, a string, an escape).
 */
function* readInPieces(reader: RecordReader, text: string, collector: EventCollector): Generator<VigilEvent[]> {
  for (let start = 0; start < text.length; start += PIECE_CHARS) {
    reader.push(text.slice(start, start + PIECE_CHARS));
    yield* collector.take();
  }
}

function skip(stats: ParseStats, kind: LogKind | undefined, reason: string): void {
  stats.kind = kind;
  stats.skipped = reason;
}

/** Closes a source that will not be read, so that its socket or file handle does not linger. */
function release(input: NodeJS.ReadableStream | Readable): void {
  if (typeof (input as Readable).destroy === "function") (input as Readable).destroy();
  else input.resume();
}
