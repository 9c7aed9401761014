/**
 * An ASN CSV's block index (see Ipv4AsnIndex) as bytes, to keep beside the installed file: opening the
 * index otherwise reads ~1,300 pieces of the 21 MB CSV, a tenth of a one-file `vigil scan`.
 * `identity` names the file it describes (reference-data/geo.ts: package version, size, mtime); the
 * bytes are used only for that file. Layout: a 4-byte length, a JSON header, keys (uint32) from a
 * 4-byte boundary, offsets (float64) from an 8-byte one, in the byte order of the machine that wrote them.
 */
import type { AsnBlockIndex } from "./asn-index.js";

const FORMAT = 1;

type Header = { format: number; identity: string; blocks: number };

const paddedTo = (bytes: number, unit: number) => Math.ceil(bytes / unit) * unit;

export function encodeAsnBlocks(index: AsnBlockIndex, identity: string): Buffer {
  const header = Buffer.from(JSON.stringify({ format: FORMAT, identity, blocks: index.keys.length } satisfies Header), "utf8");
  const keysAt = paddedTo(4 + header.length, 8);
  const offsetsAt = paddedTo(keysAt + index.keys.byteLength, 8);
  const bytes = Buffer.alloc(offsetsAt + index.offsets.byteLength);
  bytes.writeUInt32LE(header.length, 0);
  header.copy(bytes, 4);
  Buffer.from(index.keys.buffer, index.keys.byteOffset, index.keys.byteLength).copy(bytes, keysAt);
  Buffer.from(index.offsets.buffer, index.offsets.byteOffset, index.offsets.byteLength).copy(bytes, offsetsAt);
  return bytes;
}

/** The block index in the bytes when they describe the file of `identity`, else undefined (the index then probes the file). */
export function decodeAsnBlocks(bytes: Buffer, identity: string): AsnBlockIndex | undefined {
  if (bytes.length < 4) return undefined;
  const headerLength = bytes.readUInt32LE(0);
  let header: Header;
  try {
    header = JSON.parse(bytes.toString("utf8", 4, 4 + headerLength)) as Header;
  } catch {
    return undefined;
  }
  if (header.format !== FORMAT || header.identity !== identity) return undefined;
  const keysAt = paddedTo(4 + headerLength, 8);
  const offsetsAt = paddedTo(keysAt + header.blocks * 4, 8);
  if (offsetsAt + (header.blocks + 1) * 8 !== bytes.length) return undefined;
  const copy = (from: number, length: number) => bytes.buffer.slice(bytes.byteOffset + from, bytes.byteOffset + from + length);
  return { keys: new Uint32Array(copy(keysAt, header.blocks * 4)), offsets: new Float64Array(copy(offsetsAt, (header.blocks + 1) * 8)) };
}
