/**
 * The held-out split of the shared labelled data. Rules are judged on attacks their authors have not
 * seen, so a third of the Stratus techniques and Panther rules is kept out of rule-writing and every
 * figure is reported for "own" (what rules may be written from) and "held-out" apart. The split is a
 * hash of the id, not a random draw or a hand-picked list, so it is the same on every machine and run,
 * and adding data later does not move the ids already split.
 */
import { createHash } from "node:crypto";

export type Split = "own" | "held-out";

const holdoutKey = (id: string) => createHash("sha256").update(`vigil-holdout:${id}`).digest("hex");

/** The held-out third: ids sorted by sha256("vigil-holdout:" + id) in hex, the first floor(n/3). */
export function heldOutIds(ids: Iterable<string>): Set<string> {
  const distinct = [...new Set(ids)];
  const sorted = distinct.map((id) => ({ id, key: holdoutKey(id) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return new Set(sorted.slice(0, Math.floor(distinct.length / 3)).map((entry) => entry.id));
}

export function splitOf(id: string, heldOut: ReadonlySet<string>): Split {
  return heldOut.has(id) ? "held-out" : "own";
}
