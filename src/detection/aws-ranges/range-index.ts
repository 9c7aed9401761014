/**
 * "Is this address AWS's?" over AWS's published ip-ranges.json. Prefixes are grouped by length and
 * looked up from the longest length down, so the answer names the most specific prefix and its
 * service (an EC2 /16 inside an AMAZON /11 answers EC2). Within a length, a binary search of the
 * sorted networks (prefix-table.ts).
 *
 * Rules ask this of most CloudTrail events, and most callers are not AWS's: a table of the IPv4 /16s
 * any prefix touches answers those misses with one array read instead of a search per prefix length.
 */
import { parseIpInto } from "../intel/address/ip-text.js";
import { ipv4Mask } from "../intel/address/ipv4.js";
import { ipv6WordMask } from "../intel/address/ipv6.js";
import { buildPrefixTable, type AwsPrefix, type PrefixTable, type RangeEntry } from "./prefix-table.js";

export type { AwsPrefix } from "./prefix-table.js";

export interface AwsRangeLookup {
  /** The most specific AWS prefix holding the address, or undefined (also for text that is not an address). */
  find(address: string): AwsPrefix | undefined;
  /** The file's createDate, so findings and status pages can say how old the snapshot is. */
  readonly createDate: string;
}

/** The published JSON document, as far as this index reads it. */
export type IpRangesDocument = {
  createDate?: string;
  prefixes?: Array<{ ip_prefix?: string; region?: string; service?: string }>;
  ipv6_prefixes?: Array<{ ipv6_prefix?: string; region?: string; service?: string }>;
};

export function ipv4Entries(document: IpRangesDocument): RangeEntry[] {
  return (document.prefixes ?? []).map((entry) => ({ prefix: entry.ip_prefix, region: entry.region, service: entry.service }));
}

export function ipv6Entries(document: IpRangesDocument): RangeEntry[] {
  return (document.ipv6_prefixes ?? []).map((entry) => ({ prefix: entry.ipv6_prefix, region: entry.region, service: entry.service }));
}

/** Where the index gets each family's table: built from the document, or read from a compact file. */
export type PrefixTables = { createDate: string; ipv4(): PrefixTable; ipv6(): PrefixTable };

/** A family's table with its runs of one length (start, end) and the answers found so far. */
type Searchable = { table: PrefixTable; runs: Array<{ length: number; start: number; end: number }>; found: Array<AwsPrefix | undefined> };

function searchable(table: PrefixTable): Searchable {
  const runs: Searchable["runs"] = [];
  for (let i = 0; i < table.lengths.length; i++) {
    const last = runs[runs.length - 1];
    if (last && last.length === table.lengths[i]) last.end = i + 1;
    else runs.push({ length: table.lengths[i], start: i, end: i + 1 });
  }
  return { table, runs, found: [] };
}

/** The entry in [start, end) whose key is the masked words, or -1. */
function search(keys: Uint32Array, words: number, masked: Uint32Array, start: number, end: number): number {
  let low = start;
  let high = end - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    let order = 0;
    for (let w = 0; w < words && order === 0; w++) order = keys[middle * words + w] - masked[w];
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * Each family's table is made ready the first time an address of that family is looked up: a
 * process that meets no IPv6 caller (or, scanning flow logs, asks nothing) does not pay for it.
 */
export class AwsRangeIndex implements AwsRangeLookup {
  readonly createDate: string;
  private readonly scratch = new Uint32Array(4);
  private readonly masked = new Uint32Array(4);
  private ipv4?: Searchable & { sixteens: Uint8Array };
  private ipv6?: Searchable;

  constructor(private readonly tables: PrefixTables) {
    this.createDate = tables.createDate;
  }

  static fromDocument(document: IpRangesDocument): AwsRangeIndex {
    return new AwsRangeIndex({
      createDate: document.createDate ?? "unknown",
      ipv4: () => buildPrefixTable(ipv4Entries(document), 1),
      ipv6: () => buildPrefixTable(ipv6Entries(document), 4),
    });
  }

  private ipv4Table(): Searchable & { sixteens: Uint8Array } {
    if (this.ipv4) return this.ipv4;
    const table = this.tables.ipv4();
    /** 1 at the /16s (address >>> 16) that some IPv4 prefix covers, wholly or in part. */
    const sixteens = new Uint8Array(1 << 16);
    for (let i = 0; i < table.lengths.length; i++) {
      const sixteen = table.keys[i] >>> 16;
      sixteens.fill(1, sixteen, sixteen + 2 ** Math.max(0, 16 - table.lengths[i]));
    }
    return (this.ipv4 = { ...searchable(table), sixteens });
  }

  private ipv6Table(): Searchable {
    return (this.ipv6 ??= searchable(this.tables.ipv6()));
  }

  private answer(family: Searchable, entry: number): AwsPrefix {
    const { table } = family;
    return (family.found[entry] ??= { prefix: table.prefixText(entry), region: table.names[table.regions[entry]], service: table.names[table.services[entry]] });
  }

  find(address: string): AwsPrefix | undefined {
    const family = parseIpInto(address, this.scratch);
    if (family === 4) {
      const value = this.scratch[0];
      const ipv4 = this.ipv4Table();
      if (ipv4.sixteens[value >>> 16] === 0) return undefined;
      for (const run of ipv4.runs) {
        this.masked[0] = (value & ipv4Mask(run.length)) >>> 0;
        const entry = search(ipv4.table.keys, 1, this.masked, run.start, run.end);
        if (entry >= 0) return this.answer(ipv4, entry);
      }
    } else if (family === 6) {
      const ipv6 = this.ipv6Table();
      for (const run of ipv6.runs) {
        for (let w = 0; w < 4; w++) this.masked[w] = (this.scratch[w] & ipv6WordMask(run.length, w)) >>> 0;
        const entry = search(ipv6.table.keys, 4, this.masked, run.start, run.end);
        if (entry >= 0) return this.answer(ipv6, entry);
      }
    }
    return undefined;
  }
}

/** The published document of an ip-ranges.json text; `source` (a file name) names it in errors. */
export function parseIpRangesDocument(text: string, source: string): IpRangesDocument {
  let document: IpRangesDocument;
  try {
    document = JSON.parse(text) as IpRangesDocument;
  } catch (error) {
    throw new Error(`${source} is not AWS's ip-ranges.json: ${(error as Error).message}`);
  }
  if (!Array.isArray(document.prefixes)) throw new Error(`${source} is not AWS's ip-ranges.json: no "prefixes" array`);
  return document;
}
