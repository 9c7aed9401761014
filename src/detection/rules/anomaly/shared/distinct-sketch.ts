/**
 * Counting distinct subdomains per parent domain without keeping them: a k-minimum-values sketch.
 * Each value is hashed to 32 bits; the sketch keeps the k smallest hashes. Below k values the count
 * is exact; above, (k - 1) / (k-th smallest / 2^32) estimates it (about 1/sqrt(k) relative error).
 * Union is "merge and keep the k smallest", associative and commutative, so window stores can merge
 * partials from any worker in any order.
 */
export const SKETCH_SIZE = 64;

/** FNV-1a, 32 bits, with MurmurHash3's finalizer: FNV alone spreads similar names too unevenly for KMV. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Adds a hash to a sorted sketch, in place. */
export function sketchAdd(sketch: number[], hash: number): void {
  if (sketch.length === SKETCH_SIZE && hash >= sketch[SKETCH_SIZE - 1]) return;
  let low = 0;
  let high = sketch.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sketch[mid] < hash) low = mid + 1;
    else high = mid;
  }
  if (sketch[low] === hash) return;
  sketch.splice(low, 0, hash);
  if (sketch.length > SKETCH_SIZE) sketch.pop();
}

export function sketchUnion(a: readonly number[], b: readonly number[]): number[] {
  const union = [...a];
  for (const hash of b) sketchAdd(union, hash);
  return union;
}

export function sketchEstimate(sketch: readonly number[]): number {
  if (sketch.length < SKETCH_SIZE) return sketch.length;
  return Math.round((SKETCH_SIZE - 1) / (sketch[SKETCH_SIZE - 1] / 2 ** 32));
}
