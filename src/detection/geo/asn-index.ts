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

export class Ipv4AsnIndex {
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly asns: Uint32Array;
  private readonly organizationIndexes: Uint32Array;
  private readonly organizations: string[];

  constructor(csv: string) {
    const capacity = countLines(csv);
    this.starts = new Uint32Array(capacity);
    this.ends = new Uint32Array(capacity);
    this.asns = new Uint32Array(capacity);
    this.organizationIndexes = new Uint32Array(capacity);
    const organizations = new Organizations();
    let kept = 0;
    forEachRow(csv, (row) => {
      const start = Number(row.start);
      const end = Number(row.end);
      // Bisection needs ascending starts; a row out of order (never seen in the published files) is dropped.
      if (!Number.isInteger(start) || !Number.isInteger(end) || (kept > 0 && start < this.starts[kept - 1])) return;
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

  lookup(address: number): AsnRecord | undefined {
    const row = lastAtOrBelow(this.starts, address);
    if (row < 0 || address > this.ends[row]) return undefined;
    return { asn: this.asns[row], organization: this.organizations[this.organizationIndexes[row]] };
  }
}

const SHIFT_64 = BigInt(64);

export class Ipv6AsnIndex {
  private readonly starts: BigUint64Array;
  private readonly ends: BigUint64Array;
  private readonly asns: Uint32Array;
  private readonly organizationIndexes: Uint32Array;
  private readonly organizations: string[];

  constructor(csv: string) {
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
