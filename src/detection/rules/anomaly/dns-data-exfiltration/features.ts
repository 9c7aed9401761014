/** What one query says about tunnelling: how long and how random the part below the parent domain is. */

/** Per ASCII character code, its count in the text being measured; zeroed again after each text. */
const asciiCounts = new Int32Array(128);
/** The codes of the text's characters in the order they first appear (the order the sum is taken in). */
const asciiSeen = new Int32Array(128);

/** Shannon entropy of the characters of a text, in bits per character. */
export function entropy(text: string): number {
  if (text.length === 0) return 0;
  // Query names are ASCII: counted in an array, summed in the order the characters first appear, as below.
  let seen = 0;
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128) {
      ascii = false;
      break;
    }
    if (asciiCounts[code]++ === 0) asciiSeen[seen++] = code;
  }
  if (ascii) {
    let bits = 0;
    for (let i = 0; i < seen; i++) {
      const p = asciiCounts[asciiSeen[i]] / text.length;
      bits -= p * Math.log2(p);
    }
    for (let i = 0; i < seen; i++) asciiCounts[asciiSeen[i]] = 0;
    return bits;
  }
  for (let i = 0; i < seen; i++) asciiCounts[asciiSeen[i]] = 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
