/**
 * Whether the part of a query below its parent domain carries encoded data: its labels, joined as
 * tunnels split a chunk over several, decode as hex, base32 or base64 (URL alphabet: DNS labels
 * hold no '+', '/' or '=') into readable text or the start of a compressed stream. Random bytes
 * (hashes, CDN cache keys) decode to neither: 12 random bytes all printable happen about once in
 * 150,000 names, and a gzip or zlib header counts only when what follows inflates. Only the first
 * chunk of a compressed stream carries its header, so a compressed upload shows as one such name
 * per stream. Base64 needs the query's own letter case, which the normalized name has lost, so
 * callers pass the name as logged.
 */
import { constants, gunzipSync, inflateSync } from "node:zlib";

export type DecodedLabels = { encoding: "hex" | "base32" | "base64"; content: "text" | "compressed"; sample: string };

/** Encoded characters needed before a decoding counts: shorter strings decode to text by chance. */
const MIN_ENCODED = 20;
/** Characters of a decoded text a finding shows at most, and never more than half of it: never the whole payload. */
export const SAMPLE_CHARACTERS = 32;

const HEX = /^(?:[0-9a-f]{2})+$/i;
const BASE32 = /^[a-z2-7]+$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** Magic numbers of zip, bzip2, xz and zstd streams: long enough that random bytes rarely start so. */
const ARCHIVES = [[0x50, 0x4b, 0x03, 0x04], [0x42, 0x5a, 0x68], [0xfd, 0x37, 0x7a, 0x58, 0x5a], [0x28, 0xb5, 0x2f, 0xfd]];
const STREAM_START = { finishFlush: constants.Z_SYNC_FLUSH };

/** What the start of a gzip or zlib stream inflates to, or undefined: a chunk holds only its start, hence the sync flush. */
function inflatedStart(bytes: Buffer): Buffer | undefined {
  try {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes, STREAM_START);
    if (bytes[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(bytes[1])) return inflateSync(bytes, STREAM_START);
  } catch {
    return undefined;
  }
  return undefined;
}

function base32Bytes(text: string): Buffer {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.toLowerCase()) {
    value = (value << 5) | BASE32_ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

function isPrintable(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function isText(bytes: Buffer): boolean {
  // A chunk may cut a multi-byte character at either end: allow a few bytes that are not printable.
  let printable = 0;
  for (const byte of bytes) if (isPrintable(byte)) printable++;
  return printable >= bytes.length - 2 && printable >= 12;
}

/** What a finding may show of the decoded bytes: printable characters, others as '.', cut short. */
function sampleOf(bytes: Buffer): string {
  let text = "";
  for (const byte of bytes.subarray(0, Math.min(SAMPLE_CHARACTERS, Math.ceil(bytes.length / 2)))) text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".";
  return `${text}…`;
}

/**
 * The decoding of the labels below the parent (as logged, letter case kept), or undefined when none
 * reads as data: all labels joined, else the longest alone (tools add counters and session ids).
 */
export function decodeLabels(below: string): DecodedLabels | undefined {
  const labels = below.split(".");
  const longest = labels.reduce((a, b) => (b.length > a.length ? b : a));
  return decodeString(labels.join("")) ?? (labels.length > 1 ? decodeString(longest) : undefined);
}

function decodeString(joined: string): DecodedLabels | undefined {
  if (joined.length < MIN_ENCODED) return undefined;
  const attempts: Array<[DecodedLabels["encoding"], () => Buffer]> = [];
  if (HEX.test(joined)) attempts.push(["hex", () => Buffer.from(joined, "hex")]);
  if (BASE32.test(joined)) attempts.push(["base32", () => base32Bytes(joined)]);
  if (BASE64URL.test(joined)) attempts.push(["base64", () => Buffer.from(joined, "base64url")]);
  for (const [encoding, decode] of attempts) {
    const bytes = decode();
    if (isText(bytes)) return { encoding, content: "text", sample: sampleOf(bytes) };
    const inflated = inflatedStart(bytes);
    if (inflated && inflated.length >= 4) return { encoding, content: "compressed", sample: sampleOf(inflated) };
    if (ARCHIVES.some((magic) => magic.every((byte, i) => bytes[i] === byte))) return { encoding, content: "compressed", sample: bytes.subarray(0, 8).toString("hex") };
  }
  return undefined;
}
