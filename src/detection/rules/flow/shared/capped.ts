/**
 * Bounded, mergeable sets of distinct values for window partials. A map value → flags (bits OR'ed on
 * merge) keeps at most `cap` values, the lowest in string order, so merging stays associative and
 * commutative (the kept values never depend on the order of merges) and a partial never outgrows its
 * cap: past it the kept values are a sample of all of them.
 *
 * A store that keeps one running value per window in memory merges into it in place
 * (`mergeFlagsInto`), and asks for its size and counts at every batch. Copying, re-sorting and
 * counting a full map each time would cost its size per batch; so for maps merged in place a tally
 * (size, values per flags, and once full the kept values in order) is kept beside them, and a merge
 * or a count costs what the batch adds. Maps are only changed through this module once a store holds
 * them (rules fill a batch's fresh maps with addFlag, and never touch them after the batch).
 */
export type FlagMap = Record<string, number>;

type Tally = {
  size: number;
  /** byFlags[f]: how many values have exactly the flags f. */
  byFlags: number[];
  /** Once the map is full: its values in ascending order, the highest one last. */
  sorted?: string[];
  /** Whether a value was ever capped away: from then on mergeFlags' copies are in ascending order. */
  dropped?: boolean;
};

const tallies = new WeakMap<FlagMap, Tally>();

/**
 * A new, empty map for values of great variety (addresses). Without a prototype V8 keeps it as a
 * hash table from the start: an object literal would first get a hidden class per distinct set of
 * values, which costs far more than the map itself when every window key has values of its own.
 */
export function emptyFlags(): FlagMap {
  return Object.create(null) as FlagMap;
}

/** `value` may be a number (a port): the same key as its decimal text, without making the text. */
export function addFlag(map: FlagMap, value: string | number, flag: number): void {
  map[value] = (map[value] ?? 0) | flag;
}

export function mergeFlags(a: FlagMap, b: FlagMap, cap: number): FlagMap {
  const merged = emptyFlags();
  for (const value in a) merged[value] = a[value];
  for (const value in b) merged[value] = (merged[value] ?? 0) | b[value];
  return capFlags(merged, cap);
}

function capFlags(map: FlagMap, cap: number): FlagMap {
  const values = Object.keys(map);
  if (values.length <= cap) return map;
  values.sort();
  const kept = emptyFlags();
  for (let i = 0; i < cap; i++) kept[values[i]] = map[values[i]];
  return kept;
}

function tallyOf(map: FlagMap): Tally {
  let tally = tallies.get(map);
  if (tally === undefined) {
    tally = { size: 0, byFlags: [] };
    for (const value in map) count(tally, map[value], 1);
    tallies.set(map, tally);
  }
  return tally;
}

function count(tally: Tally, flags: number, by: number): void {
  tally.size += by;
  tally.byFlags[flags] = (tally.byFlags[flags] ?? 0) + by;
}

/**
 * mergeFlags(into, b, cap), changing and returning `into`: the same values with the same flags. Once
 * values are capped away the order of the keys is no longer mergeFlags' (ascending); orderedValues
 * gives that order.
 */
export function mergeFlagsInto(into: FlagMap, b: FlagMap, cap: number): FlagMap {
  const tally = tallyOf(into);
  for (const value in b) {
    const flags = into[value];
    const added = b[value];
    if (typeof flags === "number") {
      if ((flags | added) !== flags) {
        count(tally, flags, -1);
        count(tally, flags | added, 1);
        into[value] = flags | added;
      }
      continue;
    }
    const sorted = tally.sorted;
    if (sorted !== undefined) {
      // Full: a value above the highest kept one is capped away at once; a lower one displaces it.
      tally.dropped = true;
      if (value > sorted[sorted.length - 1]) continue;
      const dropped = sorted.pop()!;
      count(tally, into[dropped], -1);
      delete into[dropped];
      sorted.splice(insertionPoint(sorted, value), 0, value);
    }
    into[value] = added;
    count(tally, added, 1);
  }
  if (tally.sorted === undefined && tally.size >= cap) trim(into, tally, cap);
  return into;
}

/**
 * The values in the order mergeFlags would have left them, for maps whose order shows in findings:
 * the order they came in until a value was capped away, ascending from then on. Maps merged in place
 * keep the first; once they drop values their tally holds the second. (Copying a full map at every
 * batch to keep its keys in that order cost a sort of the cap's values per batch and window key.)
 */
export function orderedValues(map: FlagMap): readonly string[] {
  const tally = tallies.get(map);
  return tally?.dropped ? tally.sorted! : Object.keys(map);
}

/** Keeps the `cap` lowest values of a map that reached its cap, and their order from then on. */
function trim(map: FlagMap, tally: Tally, cap: number): void {
  const values = Object.keys(map).sort();
  if (values.length > cap) tally.dropped = true;
  for (let i = cap; i < values.length; i++) {
    count(tally, map[values[i]], -1);
    delete map[values[i]];
  }
  values.length = cap;
  tally.sorted = values;
}

function insertionPoint(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** How many values have every bit of `all` and none of `none`. */
export function countFlags(map: FlagMap, all: number, none = 0): number {
  const tally = tallies.get(map);
  let count = 0;
  if (tally !== undefined) {
    tally.byFlags.forEach((values, flags) => {
      if ((flags & all) === all && (flags & none) === 0) count += values;
    });
    return count;
  }
  for (const value in map) if ((map[value] & all) === all && (map[value] & none) === 0) count++;
  return count;
}

export function size(map: FlagMap): number {
  return tallies.get(map)?.size ?? Object.keys(map).length;
}
