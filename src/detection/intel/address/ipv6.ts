/**
 * IPv6 parsing into four unsigned 32-bit words (most significant first), without allocation, so a
 * lookup can parse into a scratch buffer. ipaddr.js is used where speed does not matter (canonical
 * text of list entries, range classification of a hit).
 */
import ipaddr from "ipaddr.js";
import { parseIpv4 } from "./ipv4.js";

const headGroups = new Uint16Array(8);
const tailGroups = new Uint16Array(8);

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Parses text (no brackets, no zone id) into out[at..at+3]; false when it is not an IPv6 address. */
export function parseIpv6Into(text: string, out: Uint32Array, at: number): boolean {
  const length = text.length;
  if (length < 2 || length > 45) return false;
  let headCount = 0;
  let tailCount = 0;
  let compressed = false;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    compressed = true;
    i = 2;
  }
  while (i < length) {
    let group = 0;
    let digits = 0;
    let j = i;
    for (; j < length; j++) {
      const hex = hexValue(text.charCodeAt(j));
      if (hex < 0) break;
      group = group * 16 + hex;
      digits++;
    }
    if (j < length && text.charCodeAt(j) === 46) {
      // An embedded IPv4 address ends the text and stands for the last two groups.
      const v4 = parseIpv4(text, i, length);
      if (v4 < 0 || headCount + tailCount > 6) return false;
      if (compressed) {
        tailGroups[tailCount++] = v4 >>> 16;
        tailGroups[tailCount++] = v4 & 0xffff;
      } else {
        headGroups[headCount++] = v4 >>> 16;
        headGroups[headCount++] = v4 & 0xffff;
      }
      break;
    }
    if (digits === 0 || digits > 4 || headCount + tailCount === 8) return false;
    if (compressed) tailGroups[tailCount++] = group;
    else headGroups[headCount++] = group;
    if (j === length) break;
    if (text.charCodeAt(j) !== 58) return false;
    if (text.charCodeAt(j + 1) === 58) {
      if (compressed) return false;
      compressed = true;
      i = j + 2;
    } else {
      i = j + 1;
      if (i === length) return false;
    }
  }
  const total = headCount + tailCount;
  if (compressed ? total > 7 : total !== 8) return false;
  for (let w = 0; w < 4; w++) out[at + w] = 0;
  for (let g = 0; g < headCount; g++) setGroup(out, at, g, headGroups[g]);
  for (let g = 0; g < tailCount; g++) setGroup(out, at, 8 - tailCount + g, tailGroups[g]);
  return true;
}

function setGroup(out: Uint32Array, at: number, index: number, group: number): void {
  const word = at + (index >> 1);
  out[word] = index & 1 ? (out[word] | group) >>> 0 : (group << 16) >>> 0;
}

/** RFC 5952 text of the address held in words[at..at+3]. */
export function formatIpv6(words: Uint32Array, at = 0): string {
  const groups: number[] = [];
  for (let w = 0; w < 4; w++) groups.push(words[at + w] >>> 16, words[at + w] & 0xffff);
  return new ipaddr.IPv6(groups).toString();
}

/** The mask of word `word` (0-3) for a prefix length. */
export function ipv6WordMask(prefix: number, word: number): number {
  const bits = Math.min(32, Math.max(0, prefix - 32 * word));
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}
