/**
 * Address → autonomous system, from @ip-location-db/asn's numeric CSVs
 * (`range_start,range_end,asn,organization`, inclusive, sorted by start). Rows go into typed arrays
 * (starts, ends, asn, organization index) searched by bisection: ~410k IPv4 rows take a few MB
 * instead of hundreds of MB of row objects.
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
// AS numbers below this (all 16-bit ones and the 32-bit ones handed out so far) index an array.
const SMALL_ASNS = 1 << 19;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const QUOTE = 0x22;

function sameBytes(bytes: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

function asBuffer(csv: string | Uint8Array): Buffer {
  if (typeof csv === "string") return Buffer.from(csv, "utf8");
  return Buffer.isBuffer(csv) ? csv : Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength);
}

/**
 * Parsed from the file's bytes, never as one big string or a string per field: the IPv4 file has ~410k
 * rows, and building strings for each made start-up slow (~0.4 s) and left tens of MB of garbage. An
 * organization's name is decoded once per AS (the free databases name one organization per AS; a row
 * whose name differs from its AS's first one is decoded and kept on its own).
 */
export class Ipv4AsnIndex {
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly asns: Uint32Array;
  private readonly organizationIndexes: Uint32Array;
  private readonly organizations: string[];

  constructor(csv: string | Uint8Array) {
    const bytes = asBuffer(csv);
    let capacity = 1;
    for (let at = 0; at < bytes.length; at++) if (bytes[at] === NEWLINE) capacity++;
    const starts = new Uint32Array(capacity);
    const ends = new Uint32Array(capacity);
    const asns = new Uint32Array(capacity);
    const organizationIndexes = new Uint32Array(capacity);
    const organizations = new Organizations();
    // AS number → the organization index of its first row (plain arrays: a Map per row cost more than the parsing).
    const smallAsns = new Int32Array(SMALL_ASNS).fill(-1);
    const largeAsns = new Map<number, number>();
    // Where each organization's name was first seen, to compare the next row's bytes with.
    const nameFrom = new Uint32Array(capacity);
    const nameTo = new Uint32Array(capacity);
    let kept = 0;
    // One pass over the bytes in plain loops: Buffer#indexOf per field costs more than the parsing.
    for (let at = 0; at < bytes.length; at++) {
      let field = 0;
      let value = 0;
      let digits = 0;
      let clean = true;
      let start = Number.NaN;
      let end = Number.NaN;
      let asn = 0;
      let from = -1;
      for (; at < bytes.length; at++) {
        const byte = bytes[at];
        if (byte === NEWLINE) break;
        if (field === 3) continue;
        if (byte === COMMA) {
          const number = clean && digits > 0 ? value : Number.NaN;
          if (field === 0) start = number;
          else if (field === 1) end = number;
          else {
            asn = number || 0;
            from = at + 1;
          }
          field++;
          value = 0;
          digits = 0;
          clean = true;
        } else {
          const digit = byte - 0x30;
          if (digit < 0 || digit > 9) clean = false;
          else value = value * 10 + digit;
          digits++;
        }
      }
      // Bisection needs ascending starts; a row out of order (never seen in the published files) is dropped.
      if (from < 0 || Number.isNaN(start) || Number.isNaN(end) || (kept > 0 && start < starts[kept - 1])) continue;
      const to = bytes[at - 1] === RETURN ? at - 1 : at;
      const known = asn < SMALL_ASNS ? smallAsns[asn] : (largeAsns.get(asn) ?? -1);
      let index = known;
      if (known < 0 || !sameBytes(bytes, nameFrom[known], nameTo[known], from, to)) {
        const before = organizations.names.length;
        index = organizations.indexOf(organizationName(bytes, from, to));
        if (index === before) {
          nameFrom[index] = from;
          nameTo[index] = to;
        }
        if (known < 0 && asn < SMALL_ASNS) smallAsns[asn] = index;
        else if (known < 0) largeAsns.set(asn, index);
      }
      starts[kept] = start;
      ends[kept] = end;
      asns[kept] = asn;
      organizationIndexes[kept] = index;
      kept++;
    }
    this.starts = starts.slice(0, kept);
    this.ends = ends.slice(0, kept);
    this.asns = asns.slice(0, kept);
    this.organizationIndexes = organizationIndexes.slice(0, kept);
    this.organizations = organizations.names;
  }

  get size(): number {
    return this.starts.length;
  }

  lookup(address: number): AsnRecord | undefined {
    const row = lastAtOrBelow(this.starts, address);
    if (row < 0 || address > this.ends[row]) return undefined;
    return { asn: this.asns[row], organization: this.organizations[this.organizationIndexes[row]] };
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
