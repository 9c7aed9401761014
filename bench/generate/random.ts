/** A small seeded generator (mulberry32), so every run produces the same data. */
export type Random = {
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: [[item, weight], …]. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
  chance(probability: number): boolean;
  hex(length: number): string;
};

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)],
    weighted: (items) => {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let roll = next() * total;
      for (const [item, weight] of items) {
        roll -= weight;
        if (roll < 0) return item;
      }
      return items[items.length - 1][0];
    },
    chance: (p) => next() < p,
    hex: (length) => Array.from({ length }, () => "0123456789abcdef"[int(16)]).join(""),
  };
}

/** A public IPv4 address outside the reserved ranges that threat lists never match. */
export function publicIpv4(random: Random): string {
  for (;;) {
    const a = 1 + random.int(223);
    if ([10, 100, 127, 169, 172, 192, 198, 203].includes(a)) continue;
    return `${a}.${random.int(256)}.${random.int(256)}.${1 + random.int(254)}`;
  }
}

export function privateIpv4(random: Random): string {
  return `10.${random.int(4)}.${random.int(256)}.${1 + random.int(254)}`;
}

/** Joins generated lines into chunks of a few hundred lines until about `targetBytes` are out. */
export function* lineChunks(lines: Iterable<string>, targetBytes: number, header?: string): Generator<string> {
  let bytes = 0;
  let chunk: string[] = header === undefined ? [] : [header];
  for (const line of lines) {
    chunk.push(line);
    bytes += line.length + 1;
    if (chunk.length >= 512) {
      yield `${chunk.join("\n")}\n`;
      chunk = [];
    }
    if (bytes >= targetBytes) break;
  }
  if (chunk.length > 0) yield `${chunk.join("\n")}\n`;
}
