import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";

/**
 * Whether a file in a local folder holds a whole log object yet. fs.watch does not report when a
 * writer closes a file (inotify's close_write is not exposed), so the content answers instead:
 * - `whole`: a gzip member that inflates to its end (its trailer, CRC and length included), or one
 *   JSON document (`{"Records":[…]}`) whose top-level value closes. No proper prefix of either passes,
 *   so a file that passes holds everything its writer meant to write (a writer appending a second gzip
 *   member later is the exception; AWS writes one).
 * - `partial`: the same check fails: empty, a gzip stream cut short, JSON whose brackets do not close.
 * - `unknown`: nothing proves it either way (plain-text lines, NDJSON, a file too large to check).
 */
export type Completeness = "whole" | "partial" | "unknown";

/** Above this size a file is not read twice just to learn whether it is whole: it waits for its quiet period instead. */
const CHECKED_MAX_BYTES = 64 * 2 ** 20;
/** A gzip file that inflates beyond this is not inflated further here (a small bomb would cost minutes of CPU). */
const INFLATED_MAX_BYTES = 512 * 2 ** 20;
/** Verdicts remembered, by path, size and modification time: a file still being written is looked at on every walk. */
const REMEMBERED = 2000;

/** What each byte means to the scan outside strings; a table, because the scan looks at every byte of the file. */
const SPACE = 1;
const OPEN = 2;
const CLOSE = 3;
const QUOTE = 4;
const BACKSLASH = 0x5c;
const QUOTE_BYTE = 0x22;
const CLASS = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0d]) CLASS[byte] = SPACE;
for (const byte of [0x7b, 0x5b]) CLASS[byte] = OPEN;
for (const byte of [0x7d, 0x5d]) CLASS[byte] = CLOSE;
CLASS[QUOTE_BYTE] = QUOTE;

/** Follows one JSON document's nesting, byte by byte, without building it. */
class JsonDocumentScan {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private closed = false;
  /** Something other than whitespace before the document, or after it closed: not one JSON document. */
  private foreign = false;

  feed(chunk: Buffer): void {
    for (let i = 0; i < chunk.length && !this.foreign; i++) {
      const byte = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE_BYTE) this.inString = false;
        continue;
      }
      const kind = CLASS[byte];
      if (kind === SPACE) continue;
      if (!this.started || this.closed) {
        if (this.closed || kind !== OPEN) this.foreign = true;
        else {
          this.started = true;
          this.depth = 1;
        }
      } else if (kind === QUOTE) this.inString = true;
      else if (kind === OPEN) this.depth++;
      else if (kind === CLOSE && --this.depth === 0) this.closed = true;
    }
  }

  verdict(): Completeness {
    if (this.foreign) return "unknown";
    if (!this.started) return "partial";
    return this.closed ? "whole" : "partial";
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];

async function gzipVerdict(file: string): Promise<Completeness> {
  return new Promise((resolve) => {
    let inflated = 0;
    const input = createReadStream(file);
    const gunzip = createGunzip();
    const settle = (verdict: Completeness) => {
      input.destroy();
      gunzip.destroy();
      resolve(verdict);
    };
    gunzip.on("data", (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated > INFLATED_MAX_BYTES) settle("unknown");
    });
    gunzip.on("end", () => settle("whole"));
    // Cut short ("unexpected end of file") or corrupt: either way not to be read yet; a corrupt file is read once it has been quiet long enough, and fails then.
    gunzip.on("error", () => settle("partial"));
    input.on("error", () => settle("unknown"));
    input.pipe(gunzip);
  });
}

async function jsonVerdict(file: string): Promise<Completeness> {
  const scan = new JsonDocumentScan();
  for await (const chunk of createReadStream(file)) scan.feed(chunk as Buffer);
  return scan.verdict();
}

async function firstBytes(file: string): Promise<Buffer> {
  for await (const chunk of createReadStream(file, { start: 0, end: 1 })) return chunk as Buffer;
  return Buffer.alloc(0);
}

/** One per process: polls of a folder look at the same files again and again while they are written. */
export class FileCompleteness {
  private readonly verdicts = new Map<string, Completeness>();

  async of(file: string, stats: { size: number; modified: number }): Promise<Completeness> {
    if (stats.size === 0) return "partial";
    if (stats.size > CHECKED_MAX_BYTES) return "unknown";
    const memo = `${file}\n${stats.size}\n${stats.modified}`;
    const known = this.verdicts.get(memo);
    if (known) return known;
    const verdict = await this.check(file).catch((): Completeness => "unknown"); // gone or unreadable: the reader will say why
    if (this.verdicts.size >= REMEMBERED) this.verdicts.clear();
    this.verdicts.set(memo, verdict);
    return verdict;
  }

  private async check(file: string): Promise<Completeness> {
    const head = await firstBytes(file);
    if (head[0] === GZIP_MAGIC[0] && (head.length < 2 || head[1] === GZIP_MAGIC[1])) return head.length < 2 ? "partial" : gzipVerdict(file);
    return jsonVerdict(file);
  }
}

export const sharedFileCompleteness = new FileCompleteness();
