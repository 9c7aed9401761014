/**
 * The prefix tables of an ip-ranges.json in a compact binary form, so a process that scans a few
 * hundred events does not gunzip and JSON.parse 2.6 MB and build ~17,000 prefixes at start: reading
 * it is a few array copies. `npm run build` writes it for the bundled snapshot; it records the
 * digest of the file it came from, and the loader uses it only while that file is unchanged.
 *
 * Layout: a 4-byte length, a JSON header, then per family (IPv4, IPv6), each part starting on a
 * 4-byte boundary: keys (uint32), the end offset of each prefix's text (uint32), regions and
 * services (uint16), lengths (uint8), and the prefixes' text (latin1). Numbers are in the byte order
 * of the machine that built it, which is the one that reads it.
 */
import { AwsRangeIndex, ipv4Entries, ipv6Entries, type IpRangesDocument } from "./range-index.js";
import { buildPrefixTable, type PrefixTable } from "./prefix-table.js";

const FORMAT = 1;

type FamilyHeader = { count: number; names: string[]; textBytes: number };
type Header = { format: number; sourceDigest: string; createDate: string; ipv4: FamilyHeader; ipv6: FamilyHeader };

const padded = (bytes: number) => (bytes + 3) & ~3;

function familyParts(table: PrefixTable): { header: FamilyHeader; parts: Buffer[] } {
  const count = table.lengths.length;
  const texts = Array.from({ length: count }, (_, entry) => Buffer.from(table.prefixText(entry), "latin1"));
  const textEnds = new Uint32Array(count);
  texts.reduce((end, text, entry) => (textEnds[entry] = end + text.length), 0);
  const text = Buffer.concat(texts);
  const raw = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  return {
    header: { count, names: table.names, textBytes: text.length },
    parts: [raw(table.keys), raw(textEnds), raw(table.regions), raw(table.services), raw(table.lengths), text],
  };
}

/** The compact form of a document; `sourceDigest` names the file it came from. */
export function encodeCompactRanges(document: IpRangesDocument, sourceDigest: string): Buffer {
  const ipv4 = familyParts(buildPrefixTable(ipv4Entries(document), 1));
  const ipv6 = familyParts(buildPrefixTable(ipv6Entries(document), 4));
  const header: Header = { format: FORMAT, sourceDigest, createDate: document.createDate ?? "unknown", ipv4: ipv4.header, ipv6: ipv6.header };
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const chunks: Buffer[] = [];
  const push = (part: Buffer) => chunks.push(part, Buffer.alloc(padded(part.length) - part.length));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  chunks.push(length);
  push(headerBytes);
  for (const part of [...ipv4.parts, ...ipv6.parts]) push(part);
  return Buffer.concat(chunks);
}

/** The header of compact bytes and where their tables start, or undefined when they are not of this format. */
function readHeader(bytes: Buffer): { header: Header; bodyStart: number } | undefined {
  if (bytes.length < 4) return undefined;
  const headerLength = bytes.readUInt32LE(0);
  if (4 + headerLength > bytes.length) return undefined;
  try {
    const header = JSON.parse(bytes.toString("utf8", 4, 4 + headerLength)) as Header;
    return header.format === FORMAT ? { header, bodyStart: 4 + padded(headerLength) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The index held in compact bytes when they were made from the file of `sourceDigest`; undefined
 * when they were not (another snapshot, another format), so the caller reads the JSON instead.
 */
export function decodeCompactRanges(bytes: Buffer, sourceDigest: string): AwsRangeIndex | undefined {
  const read = readHeader(bytes);
  if (!read || read.header.sourceDigest !== sourceDigest) return undefined;
  let at = read.bodyStart;
  const take = (byteLength: number) => {
    const part = bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + byteLength);
    at += padded(byteLength);
    return part;
  };
  const family = ({ count, names, textBytes }: FamilyHeader, words: 1 | 4): PrefixTable => {
    const keys = new Uint32Array(take(count * words * 4));
    const textEnds = new Uint32Array(take(count * 4));
    const regions = new Uint16Array(take(count * 2));
    const services = new Uint16Array(take(count * 2));
    const lengths = new Uint8Array(take(count));
    const text = Buffer.from(take(textBytes));
    const prefixText = (entry: number) => text.toString("latin1", entry === 0 ? 0 : textEnds[entry - 1], textEnds[entry]);
    return { words, keys, lengths, regions, services, names, prefixText };
  };
  const ipv4 = family(read.header.ipv4, 1);
  const ipv6 = family(read.header.ipv6, 4);
  return new AwsRangeIndex({ createDate: read.header.createDate, ipv4: () => ipv4, ipv6: () => ipv6 });
}
