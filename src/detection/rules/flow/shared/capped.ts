/**
 * Bounded, mergeable sets of distinct values for window partials. A map value → flags (bits OR'ed on
 * merge) keeps at most `cap` values, the lowest in string order, so merging stays associative and
 * commutative (the kept values never depend on the order of merges) and a partial never outgrows its
 * cap: past it the kept values are a sample of all of them.
 */
export type FlagMap = Record<string, number>;

export function addFlag(map: FlagMap, value: string, flag: number): void {
  map[value] = (map[value] ?? 0) | flag;
}

export function mergeFlags(a: FlagMap, b: FlagMap, cap: number): FlagMap {
  const merged: FlagMap = { ...a };
  for (const value in b) merged[value] = (merged[value] ?? 0) | b[value];
  return capFlags(merged, cap);
}

function capFlags(map: FlagMap, cap: number): FlagMap {
  const values = Object.keys(map);
  if (values.length <= cap) return map;
  values.sort();
  const kept: FlagMap = {};
  for (let i = 0; i < cap; i++) kept[values[i]] = map[values[i]];
  return kept;
}

/** How many values have every bit of `all` and none of `none`. */
export function countFlags(map: FlagMap, all: number, none = 0): number {
  let count = 0;
  for (const value in map) if ((map[value] & all) === all && (map[value] & none) === 0) count++;
  return count;
}

export function size(map: FlagMap): number {
  return Object.keys(map).length;
}
