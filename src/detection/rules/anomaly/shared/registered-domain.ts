/**
 * Splits a queried name into the part a registrar sold (the registered label, e.g. "example" of
 * www.example.co.uk) and what lies above and below it, with the ICANN section of the Public Suffix
 * List shipped in data/ (rules, wildcards "*.ck" and exceptions "!www.ck"). Loaded once, on first use.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../../../paths.js";
import { RecentResults } from "./recent-results.js";

export const PUBLIC_SUFFIX_FILE = path.join(PROJECT_ROOT, "src", "reference-data", "data", "public-suffix-icann.dat");

type SuffixRules = { exact: Set<string>; wildcard: Set<string>; exception: Set<string> };

let rules: SuffixRules | undefined;

function loadRules(): SuffixRules {
  const loaded: SuffixRules = { exact: new Set(), wildcard: new Set(), exception: new Set() };
  for (const raw of readFileSync(PUBLIC_SUFFIX_FILE, "utf8").split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("//")) continue;
    const ascii = new URL(`http://${line.replace(/^[!*]\.?/, "")}`).hostname;
    if (line.startsWith("!")) loaded.exception.add(ascii);
    else if (line.startsWith("*.")) loaded.wildcard.add(ascii);
    else loaded.exact.add(ascii);
  }
  return loaded;
}

export type RegisteredDomain = {
  /** Labels below the registered label, leftmost first ("www" of www.example.co.uk). */
  readonly subdomain: readonly string[];
  /** "example" */
  readonly label: string;
  /** "example.co.uk" */
  readonly domain: string;
  /** "co.uk" */
  readonly suffix: string;
};

const recent = new RecentResults(split);

/** The registered domain of a lower-case name without trailing dot; undefined for a bare suffix. Shared: do not change it. */
export function registeredDomain(name: string): RegisteredDomain | undefined {
  return recent.get(name);
}

function split(name: string): RegisteredDomain | undefined {
  const suffixes = (rules ??= loadRules());
  const labels = name.split(".");
  // Where each label starts in the name: the labels from i on, joined, are name.slice(starts[i]).
  const starts = [0];
  for (let i = 0; i < labels.length; i++) starts.push(starts[i] + labels[i].length + 1);
  let suffixStart = labels.length - 1;
  for (let i = 0; i < labels.length; i++) {
    const candidate = name.slice(starts[i]);
    if (suffixes.exception.has(candidate)) {
      suffixStart = i + 1;
      break;
    }
    if (suffixes.exact.has(candidate) || (i + 1 < labels.length && suffixes.wildcard.has(name.slice(starts[i + 1])))) {
      suffixStart = i;
      break;
    }
  }
  if (suffixStart === 0) return undefined;
  const suffix = name.slice(starts[suffixStart]);
  const label = labels[suffixStart - 1];
  return { subdomain: labels.slice(0, suffixStart - 1), label, domain: `${label}.${suffix}`, suffix };
}
