/**
 * "Is this address AWS's?" over AWS's published ip-ranges.json. Prefixes are grouped by length and
 * looked up from the longest length down, so the answer names the most specific prefix and its
 * service (an EC2 /16 inside an AMAZON /11 answers EC2).
 *
 * Rules ask this of most CloudTrail events, and most callers are not AWS's: a table of the IPv4 /16s
 * any prefix touches answers those misses with one array read instead of a lookup per prefix length.
 */
import { parseIpInto } from "../intel/address/ip-text.js";
import { ipv4Mask, parseIpv4 } from "../intel/address/ipv4.js";
import { ipv6WordMask, parseIpv6Into } from "../intel/address/ipv6.js";

export type AwsPrefix = { prefix: string; region: string; service: string };

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

/** Every prefix is also listed under the catch-all "AMAZON"; the other service name says more. */
function preferred(existing: AwsPrefix | undefined, candidate: AwsPrefix): AwsPrefix {
  return existing && existing.service !== "AMAZON" ? existing : candidate;
}

function ipv6Key(words: Uint32Array, prefixLength: number): string {
  let key = "";
  for (let w = 0; w < 4; w++) key += ((words[w] & ipv6WordMask(prefixLength, w)) >>> 0).toString(16) + ":";
  return key;
}

type Ipv4Table = { byLength: Map<number, Map<number, AwsPrefix>>; lengths: number[]; sixteens: Uint8Array };
type Ipv6Table = { byLength: Map<number, Map<string, AwsPrefix>>; lengths: number[] };

/**
 * Each family's table is built the first time an address of that family is looked up: a process that
 * meets no IPv6 caller (or, scanning flow logs, asks nothing) does not pay for it at start.
 */
export class AwsRangeIndex implements AwsRangeLookup {
  readonly createDate: string;
  private readonly scratch = new Uint32Array(4);
  private ipv4?: Ipv4Table;
  private ipv6?: Ipv6Table;

  constructor(private readonly document: IpRangesDocument) {
    this.createDate = document.createDate ?? "unknown";
  }

  private ipv4Table(): Ipv4Table {
    if (this.ipv4) return this.ipv4;
    /** sixteens: 1 at the /16s (address >>> 16) that some IPv4 prefix covers, wholly or in part. */
    const table: Ipv4Table = { byLength: new Map(), lengths: [], sixteens: new Uint8Array(1 << 16) };
    for (const entry of this.document.prefixes ?? []) {
      const [network, lengthText] = (entry.ip_prefix ?? "").split("/");
      const length = Number(lengthText);
      const address = parseIpv4(network ?? "");
      if (address < 0 || !Number.isInteger(length) || length < 0 || length > 32) continue;
      const key = (address & ipv4Mask(length)) >>> 0;
      let byKey = table.byLength.get(length);
      if (!byKey) table.byLength.set(length, (byKey = new Map()));
      byKey.set(key, preferred(byKey.get(key), { prefix: entry.ip_prefix!, region: entry.region ?? "", service: entry.service ?? "" }));
      table.sixteens.fill(1, key >>> 16, (key >>> 16) + 2 ** Math.max(0, 16 - length));
    }
    table.lengths = [...table.byLength.keys()].sort((a, b) => b - a);
    return (this.ipv4 = table);
  }

  private ipv6Table(): Ipv6Table {
    if (this.ipv6) return this.ipv6;
    const table: Ipv6Table = { byLength: new Map(), lengths: [] };
    const words = new Uint32Array(4);
    for (const entry of this.document.ipv6_prefixes ?? []) {
      const [network, lengthText] = (entry.ipv6_prefix ?? "").split("/");
      const length = Number(lengthText);
      if (!parseIpv6Into(network ?? "", words, 0) || !Number.isInteger(length) || length < 0 || length > 128) continue;
      const key = ipv6Key(words, length);
      let byKey = table.byLength.get(length);
      if (!byKey) table.byLength.set(length, (byKey = new Map()));
      byKey.set(key, preferred(byKey.get(key), { prefix: entry.ipv6_prefix!, region: entry.region ?? "", service: entry.service ?? "" }));
    }
    table.lengths = [...table.byLength.keys()].sort((a, b) => b - a);
    return (this.ipv6 = table);
  }

  find(address: string): AwsPrefix | undefined {
    const family = parseIpInto(address, this.scratch);
    if (family === 4) {
      const value = this.scratch[0];
      const table = this.ipv4Table();
      if (table.sixteens[value >>> 16] === 0) return undefined;
      for (const length of table.lengths) {
        const hit = table.byLength.get(length)!.get((value & ipv4Mask(length)) >>> 0);
        if (hit) return hit;
      }
    } else if (family === 6) {
      const table = this.ipv6Table();
      for (const length of table.lengths) {
        const hit = table.byLength.get(length)!.get(ipv6Key(this.scratch, length));
        if (hit) return hit;
      }
    }
    return undefined;
  }
}

/** The index of an ip-ranges.json text; `source` (a file name) names it in errors. */
export function parseAwsRanges(text: string, source: string): AwsRangeIndex {
  let document: IpRangesDocument;
  try {
    document = JSON.parse(text) as IpRangesDocument;
  } catch (error) {
    throw new Error(`${source} is not AWS's ip-ranges.json: ${(error as Error).message}`);
  }
  if (!Array.isArray(document.prefixes)) throw new Error(`${source} is not AWS's ip-ranges.json: no "prefixes" array`);
  return new AwsRangeIndex(document);
}
