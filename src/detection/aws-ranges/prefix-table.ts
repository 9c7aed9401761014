/**
 * One address family's AWS prefixes as flat typed arrays, most specific first: entry i is the
 * network keys[i * words, (i + 1) * words) (host bits cleared) of lengths[i] bits. Flat arrays
 * because they can be built from ip-ranges.json or read straight from the compact file that
 * `npm run build` writes, without an object per prefix (see compact-ranges.ts).
 */
import { ipv4Mask, parseIpv4 } from "../intel/address/ipv4.js";
import { ipv6WordMask, parseIpv6Into } from "../intel/address/ipv6.js";

export type AwsPrefix = { prefix: string; region: string; service: string };

export type PrefixTable = {
  /** 1 for IPv4, 4 for IPv6 (32-bit words, most significant first). */
  words: 1 | 4;
  keys: Uint32Array;
  lengths: Uint8Array;
  /** Indexes into `names`. */
  regions: Uint16Array;
  services: Uint16Array;
  names: string[];
  /** The prefix as the file wrote it. */
  prefixText(entry: number): string;
};

export type RangeEntry = { prefix?: string; region?: string; service?: string };

/** Every prefix is also listed under the catch-all "AMAZON"; the other service name says more. */
function preferred(existing: AwsPrefix | undefined, candidate: AwsPrefix): AwsPrefix {
  return existing && existing.service !== "AMAZON" ? existing : candidate;
}

/** The masked network words and length of "network/length", or undefined when it is not a prefix of the family. */
function networkOf(prefix: string, words: 1 | 4): { key: number[]; length: number } | undefined {
  const [network, lengthText] = prefix.split("/");
  const length = Number(lengthText);
  if (!Number.isInteger(length) || length < 0 || length > words * 32) return undefined;
  if (words === 1) {
    const address = parseIpv4(network ?? "");
    return address < 0 ? undefined : { key: [(address & ipv4Mask(length)) >>> 0], length };
  }
  const parsed = new Uint32Array(4);
  if (!parseIpv6Into(network ?? "", parsed, 0)) return undefined;
  return { key: Array.from(parsed, (word, w) => (word & ipv6WordMask(length, w)) >>> 0), length };
}

function compareKeys(a: number[], b: number[]): number {
  for (let w = 0; w < a.length; w++) if (a[w] !== b[w]) return a[w] - b[w];
  return 0;
}

/** The table of one family's entries; entries that are not prefixes of the family are skipped. */
export function buildPrefixTable(entries: RangeEntry[], words: 1 | 4): PrefixTable {
  const byNetwork = new Map<string, { key: number[]; length: number; value: AwsPrefix }>();
  for (const entry of entries) {
    const network = networkOf(entry.prefix ?? "", words);
    if (!network) continue;
    const id = `${network.length}/${network.key.join(":")}`;
    const value = preferred(byNetwork.get(id)?.value, { prefix: entry.prefix!, region: entry.region ?? "", service: entry.service ?? "" });
    byNetwork.set(id, { ...network, value });
  }
  const sorted = [...byNetwork.values()].sort((a, b) => b.length - a.length || compareKeys(a.key, b.key));
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const nameId = (name: string) => {
    let id = nameIds.get(name);
    if (id === undefined) nameIds.set(name, (id = names.push(name) - 1));
    return id;
  };
  const table: PrefixTable = {
    words,
    keys: new Uint32Array(sorted.length * words),
    lengths: new Uint8Array(sorted.length),
    regions: new Uint16Array(sorted.length),
    services: new Uint16Array(sorted.length),
    names,
    prefixText: (entry) => sorted[entry].value.prefix,
  };
  sorted.forEach(({ key, length, value }, i) => {
    table.keys.set(key, i * words);
    table.lengths[i] = length;
    table.regions[i] = nameId(value.region);
    table.services[i] = nameId(value.service);
  });
  return table;
}
