/** The timeline phrases of weak signals, from their table entry's verb and noun. */
import type { WeakSignalSpec } from "./weak-signal-table.js";

const UNCOUNTED = new Set(["data", "code", "configuration", "access", "MFA"]);

function pluralWord(word: string): string {
  if (UNCOUNTED.has(word) || word.endsWith("s")) return word;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return /(ch|sh|x)$/.test(word) ? `${word}es` : `${word}s`;
}

/** "access key for user" → "access keys for users": the head noun and the noun after the preposition. */
export function plural(spec: WeakSignalSpec): string {
  if (spec.plural) return spec.plural;
  const [head, ...rest] = spec.noun.split(/ (to|for|of|on) /);
  const words = (phrase: string) => phrase.replace(/\S+$/, (last) => pluralWord(last));
  return rest.length ? `${words(head)} ${rest[0]} ${words(rest[1])}` : words(head);
}

/** "read secret db-pass", "read 9 secrets", "was denied: create access key for user x (3 calls)". */
export function weakSummary(spec: WeakSignalSpec, denied: boolean, n: number, resources: string[]): string {
  const named = resources.length === 1 ? ` ${resources[0]}` : "";
  // A few resources are named; more are counted.
  const several = resources.length <= 3 ? `${spec.verb} ${plural(spec)} ${resources.join(", ")}` : `${spec.verb} ${n} ${plural(spec)}`;
  const what = n === 1 || resources.length <= 1 ? `${spec.verb} ${spec.noun}${named}` : several;
  const times = n > 1 && resources.length <= 1 ? ` (${n} calls)` : "";
  return denied ? `was denied: ${what}${times}` : `${what}${times}`;
}
