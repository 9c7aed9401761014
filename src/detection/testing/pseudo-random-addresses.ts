/** A fixed sequence of pseudo-random 32-bit words (xorshift), so every run of a test checks the same addresses. */
export function pseudoRandomWords(seed: number, count: number): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  });
}

/** A 32-bit word as an IPv4 address in dotted-quad text. */
export const dottedQuad = (word: number) => [word >>> 24, (word >>> 16) & 255, (word >>> 8) & 255, word & 255].join(".");
