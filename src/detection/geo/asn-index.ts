/**
 * Address → autonomous system, from @ip-location-db/asn's numeric CSVs
 * (`range_start,range_end,asn,organization`, inclusive, sorted by start). Rows go into typed arrays
 * (starts, ends, asn, organization index) searched by bisection: ~410k IPv4 rows take a few MB
 * instead of hundreds of MB of row objects. The IPv4 index parses its rows a block at a time, when
 * first needed (see Ipv4AsnIndex).
 *
 * IPv6 ranges are kept at /64 granularity (the upper 64 bits of start and end): routed IPv6 blocks
 * are /48 or wider, so nothing real is lost and the keys fit a BigUint64Array.
 */

export type AsnRecord = { asn: number; organization: string };

type Columns = { start: string; end: string; asn: string; organization: string };

/** Calls back once per CSV row; the organization may be quoted (with "" for a quote) because it can hold commas. */
function forEachRow(text: string, onRow: (row: Columns) => void): void {
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const first = text.indexOf(",", lineStart);
    const second = first < 0 ? -1 : text.indexOf(",", first + 1);
    const third = second < 0 ? -1 : text.indexOf(",", second + 1);
    if (third > 0 && third < lineEnd) {
      let organization = text.slice(third + 1, text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd);
      if (organization.startsWith('"') && organization.endsWith('"')) organization = organization.slice(1, -1).replaceAll('""', '"');
      onRow({ start: text.slice(lineStart, first), end: text.slice(first + 1, second), asn: text.slice(second + 1, third), organization });
    }
    lineStart = lineEnd + 1;
  }
}

class Organizations {
  readonly names: string[] = [];
  private readonly indexes = new Map<string, number>();

  indexOf(name: string): number {
    let index = this.indexes.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.indexes.set(name, index);
    }
    return index;
  }
}

function countLines(text: string): number {
  let count = 1;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/** Index of the last start <= value, or -1. */
function lastAtOrBelow(starts: Uint32Array, value: number): number;
function lastAtOrBelow(starts: BigUint64Array, value: bigint): number;
function lastAtOrBelow(starts: Uint32Array | BigUint64Array, value: number | bigint): number {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (starts[middle] <= value) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const QUOTE = 0x22;

/** The decimal number in bytes[from, to), or NaN when the range is empty or holds anything but digits. */
function decimal(bytes: Uint8Array, from: number, to: number): number {
  if (from >= to) return Number.NaN;
  let value = 0;
  for (let at = from; at < to; at++) {
    const digit = bytes[at] - 0x30;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

function asBuffer(csv: string | Uint8Array): Buffer {
  if (typeof csv === "string") return Buffer.from(csv, "utf8");
  return Buffer.isBuffer(csv) ? csv : Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength);
}

/** A CSV's bytes, read by offset: the file itself (src/reference-data/geo.ts), or bytes in memory. */
export type CsvBytes = {
  size: number;
  read(offset: number, length: number): Buffer;
  /** Fills `target` from `offset` (a file's bytes into a buffer it reuses); the bytes read. */
  readInto?(target: Buffer, offset: number): number;
};

export function bytesInMemory(csv: string | Uint8Array): CsvBytes {
  const bytes = asBuffer(csv);
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/**
 * A block is the lines that begin in about this many bytes (~300 rows of the IPv4 file). A `vigil
 * scan` of a few hundred events touched about as many blocks as addresses, so parsing them was most
 * of its geo time with 64 KB blocks; opening the index probes ~1,300 of them.
 */
const BLOCK_BYTES = 1 << 14;
const PROBE_BYTES = 256;

/** Per block: the first range start seen in it (non-decreasing in a sorted file) and its first byte; one more offset ends the last. */
export type AsnBlockIndex = { keys: Uint32Array; offsets: Float64Array };

/** organizationFrom / organizationTo: where each row's organization column lies in the block's bytes. */
type Block = { offset: number; starts: Uint32Array; ends: Uint32Array; asns: Uint32Array; organizationFrom: Uint32Array; organizationTo: Uint32Array };

/**
 * The rows of one block's bytes; a row out of order within the block (never seen in the published files) is dropped.
 * Organizations stay bytes until a lookup lands on their row: decoding all ~300 of a block made a string per row
 * that a one-file scan never read, most of its geo garbage.
 */
function parseBlock(bytes: Buffer, offset: number): Block {
  const starts: number[] = [];
  const ends: number[] = [];
  const asns: number[] = [];
  const organizationFrom: number[] = [];
  const organizationTo: number[] = [];
  let lineStart = 0;
  while (lineStart < bytes.length) {
    let lineEnd = bytes.indexOf(NEWLINE, lineStart);
    if (lineEnd < 0) lineEnd = bytes.length;
    const first = bytes.indexOf(COMMA, lineStart);
    const second = first < 0 || first >= lineEnd ? -1 : bytes.indexOf(COMMA, first + 1);
    const third = second < 0 || second >= lineEnd ? -1 : bytes.indexOf(COMMA, second + 1);
    const start = third > 0 && third < lineEnd ? decimal(bytes, lineStart, first) : Number.NaN;
    const end = decimal(bytes, first + 1, second);
    if (!Number.isNaN(start) && !Number.isNaN(end) && (starts.length === 0 || start >= starts[starts.length - 1])) {
      starts.push(start);
      ends.push(end);
      asns.push(decimal(bytes, second + 1, third) || 0);
      organizationFrom.push(third + 1);
      organizationTo.push(bytes[lineEnd - 1] === RETURN ? lineEnd - 1 : lineEnd);
    }
    lineStart = lineEnd + 1;
  }
  return {
    offset,
    starts: Uint32Array.from(starts),
    ends: Uint32Array.from(ends),
    asns: Uint32Array.from(asns),
    organizationFrom: Uint32Array.from(organizationFrom),
    organizationTo: Uint32Array.from(organizationTo),
  };
}

/** The range start the row in `bytes` (the first PROBE_BYTES of a line, or fewer at the file's end) begins with. */
function startOfRow(bytes: Buffer): number | undefined {
  const comma = bytes.indexOf(COMMA);
  const newline = bytes.indexOf(NEWLINE);
  if (comma < 0 || (newline >= 0 && newline < comma)) return undefined;
  const start = decimal(bytes, 0, comma);
  return Number.isNaN(start) ? undefined : start;
}

/**
 * Opening the index reads a few hundred bytes every 16 KB of the CSV, to note where each block of
 * lines begins and the range start its first line holds; a block's rows are parsed into typed arrays
 * the first time an address falls in it. Parsing all ~410k rows up front took ~0.3 s of every process's start (a one-file
 * `vigil scan` looks up a handful of addresses) and, as strings, tens of MB.
 */
export class Ipv4AsnIndex {
  private readonly source: CsvBytes;
  /** See AsnBlockIndex. */
  private readonly blockKeys: Uint32Array;
  private readonly blockOffsets: Float64Array;
  private readonly blocks: Array<Block | undefined>;
  /** Organization names by where they lie in the file, decoded once each. */
  private readonly organizations = new Map<number, string>();

  /** `blocks`: this file's block index as blockIndex gave it before (checked against the file's size), so opening does not probe. */
  constructor(csv: string | Uint8Array | CsvBytes, blocks?: AsnBlockIndex) {
    this.source = typeof csv === "string" || csv instanceof Uint8Array ? bytesInMemory(csv) : csv;
    const fits = blocks && blocks.offsets.length === blocks.keys.length + 1 && blocks.offsets[blocks.keys.length] === this.source.size;
    const index = fits ? blocks : this.probeBlocks();
    this.blockKeys = index.keys;
    this.blockOffsets = index.offsets;
    this.blocks = new Array<Block | undefined>(index.keys.length);
  }

  /** Where each block begins and the range start it begins with, to keep beside the file. */
  get blockIndex(): AsnBlockIndex {
    return { keys: this.blockKeys, offsets: this.blockOffsets };
  }

  private probeBlocks(): AsnBlockIndex {
    const keys: number[] = [];
    const offsets: number[] = [];
    for (let probe = 0; probe < this.source.size; probe += BLOCK_BYTES) {
      const { lineStart, start } = this.firstLineAfter(probe);
      if (lineStart >= this.source.size || lineStart <= (offsets[offsets.length - 1] ?? -1)) continue;
      offsets.push(lineStart);
      keys.push(start ?? keys[keys.length - 1] ?? 0);
    }
    offsets.push(this.source.size);
    return { keys: Uint32Array.from(keys), offsets: Float64Array.from(offsets) };
  }

  /**
   * Where the block probed at `probe` begins (the first line after the newline at or after probe - 1) and
   * the range start that line begins with. One read serves both when the line's start is near (it is, in
   * the published files): two reads per probe were a tenth of a one-file scan's start.
   */
  private firstLineAfter(probe: number): { lineStart: number; start: number | undefined } {
    const from = Math.max(0, probe - 1);
    const bytes = this.source.read(from, Math.min(2 * PROBE_BYTES, this.source.size - from));
    const newline = probe === 0 ? -1 : bytes.indexOf(NEWLINE);
    if (probe > 0 && (newline < 0 || newline >= PROBE_BYTES)) {
      const lineStart = this.nextLineStart(probe - 1);
      return { lineStart, start: this.startOfLine(lineStart) };
    }
    const lineStart = from + newline + 1;
    const line = bytes.subarray(newline + 1, newline + 1 + PROBE_BYTES);
    if (line.length < Math.min(PROBE_BYTES, this.source.size - lineStart)) return { lineStart, start: this.startOfLine(lineStart) };
    return { lineStart, start: startOfRow(line) };
  }

  /** Where the first line after the newline at or after `offset` begins (the size when there is none). */
  private nextLineStart(offset: number): number {
    for (let at = offset; at < this.source.size; at += PROBE_BYTES) {
      const newline = this.source.read(at, Math.min(PROBE_BYTES, this.source.size - at)).indexOf(NEWLINE);
      if (newline >= 0) return at + newline + 1;
    }
    return this.source.size;
  }

  /** The range start a line begins with, or undefined when it does not begin with one. */
  private startOfLine(lineStart: number): number | undefined {
    return startOfRow(this.source.read(lineStart, Math.min(PROBE_BYTES, this.source.size - lineStart)));
  }

  /** The number of rows (parses every block). */
  get size(): number {
    let rows = 0;
    for (let b = 0; b < this.blocks.length; b++) rows += this.block(b).starts.length;
    return rows;
  }

  lookup(address: number): AsnRecord | undefined {
    // The row holding the address is the last one starting at or below it: in the last block whose
    // first start is at or below it, or, when that block's rows all start above it, in a block before.
    for (let b = lastAtOrBelow(this.blockKeys, address); b >= 0; b--) {
      const block = this.block(b);
      const row = lastAtOrBelow(block.starts, address);
      if (row < 0) continue;
      if (address > block.ends[row]) return undefined;
      return { asn: block.asns[row], organization: this.organization(block, row) };
    }
    return undefined;
  }

  private block(b: number): Block {
    let block = this.blocks[b];
    if (!block) {
      const from = this.blockOffsets[b];
      block = parseBlock(this.source.read(from, this.blockOffsets[b + 1] - from), from);
      this.blocks[b] = block;
    }
    return block;
  }

  private organization(block: Block, row: number): string {
    const from = block.offset + block.organizationFrom[row];
    let name = this.organizations.get(from);
    if (name === undefined) {
      const length = block.organizationTo[row] - block.organizationFrom[row];
      name = organizationName(this.source.read(from, length), 0, length);
      this.organizations.set(from, name);
    }
    return name;
  }
}

/** The organization column: quoted when it holds commas, with "" for a quote. */
function organizationName(bytes: Buffer, from: number, to: number): string {
  if (to - from >= 1 && bytes[from] === QUOTE && bytes[to - 1] === QUOTE) return bytes.toString("utf8", from + 1, to - 1).replaceAll('""', '"');
  return bytes.toString("utf8", from, to);
}

const SHIFT_64 = BigInt(64);

export class Ipv6AsnIndex {
  private readonly starts: BigUint64Array;
  private readonly ends: BigUint64Array;
  private readonly asns: Uint32Array;
  private readonly organizationIndexes: Uint32Array;
  private readonly organizations: string[];

  constructor(input: string | Uint8Array) {
    // Only read when an IPv6 address is looked up, so it keeps the simpler string parsing.
    const csv = typeof input === "string" ? input : asBuffer(input).toString("utf8");
    const capacity = countLines(csv);
    this.starts = new BigUint64Array(capacity);
    this.ends = new BigUint64Array(capacity);
    this.asns = new Uint32Array(capacity);
    this.organizationIndexes = new Uint32Array(capacity);
    const organizations = new Organizations();
    let kept = 0;
    forEachRow(csv, (row) => {
      if (!/^\d+$/.test(row.start) || !/^\d+$/.test(row.end)) return;
      const start = BigInt(row.start) >> SHIFT_64;
      const end = BigInt(row.end) >> SHIFT_64;
      if (kept > 0 && start < this.starts[kept - 1]) return;
      this.starts[kept] = start;
      this.ends[kept] = end;
      this.asns[kept] = Number(row.asn) || 0;
      this.organizationIndexes[kept] = organizations.indexOf(row.organization);
      kept++;
    });
    this.starts = this.starts.subarray(0, kept);
    this.organizations = organizations.names;
  }

  get size(): number {
    return this.starts.length;
  }

  /** `high64` is the address's upper 64 bits. */
  lookup(high64: bigint): AsnRecord | undefined {
    const row = lastAtOrBelow(this.starts, high64);
    if (row < 0 || high64 > this.ends[row]) return undefined;
    return { asn: this.asns[row], organization: this.organizations[this.organizationIndexes[row]] };
  }
}
