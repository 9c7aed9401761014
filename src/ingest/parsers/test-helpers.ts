/** Shared by the parser tests: fixtures, chunked sources and a parse-everything helper. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import type { VigilEvent } from "../../detection/events.js";
import { parseLogObject, type ParseOptions, type ParseStats } from "./index.js";

const FIXTURES = resolve(__dirname, "../../../test/fixtures/logs");

export function fixture(name: string): Buffer {
  return readFileSync(resolve(FIXTURES, name));
}

export function fixtureJson<T>(name: string): T {
  return JSON.parse(fixture(name).toString("utf8")) as T;
}

/** The bytes cut into chunks of the given sizes, cycling through them. */
export function chunked(data: Buffer | string, sizes: number[]): Buffer[] {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const chunks: Buffer[] = [];
  for (let offset = 0, turn = 0; offset < bytes.length; turn++) {
    const size = sizes[turn % sizes.length];
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Deterministic pseudo-random sizes in [1, max], so that a failing chunking can be replayed. */
export function randomSizes(seed: number, count: number, max: number): number[] {
  let state = seed >>> 0;
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    sizes.push(1 + (state % max));
  }
  return sizes;
}

export type ParseResult = { events: VigilEvent[]; batches: VigilEvent[][]; stats: ParseStats };

/** Parses a whole object, given as bytes, text or chunks, and keeps everything it produced. */
export async function parseAll(
  source: Buffer | string | Buffer[] | Readable,
  options: ParseOptions,
): Promise<ParseResult> {
  const stream =
    source instanceof Readable ? source : Readable.from(Array.isArray(source) ? source : [toBuffer(source)]);
  const { batches, stats } = parseLogObject(stream, options);
  const all: VigilEvent[][] = [];
  for await (const batch of batches) all.push(batch);
  return { events: all.flat(), batches: all, stats };
}

/** Events without their origin, to compare the same records read from differently shaped objects. */
export function withoutOrigin(events: VigilEvent[]): Array<Omit<VigilEvent, "origin">> {
  return events.map(({ origin: _origin, ...rest }) => rest);
}

function toBuffer(data: Buffer | string): Buffer {
  return typeof data === "string" ? Buffer.from(data, "utf8") : data;
}
