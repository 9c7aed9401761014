/**
 * Splits a queried name into the part a registrar sold (the registered label, e.g. "example" of
 * www.example.co.uk) and what lies above and below it, with the ICANN section of the Public Suffix
 * List (rules, wildcards "*.ck" and exceptions "!www.ck"), given as the list's text: the shipped copy
 * is read by src/reference-data/domain-names.ts.
 */
import { RecentResults } from "./recent-results.js";

type SuffixRules = { exact: Set<string>; wildcard: Set<string>; exception: Set<string> };

function parseRules(text: string): SuffixRules {
  const rules: SuffixRules = { exact: new Set(), wildcard: new Set(), exception: new Set() };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("//")) continue;
    const ascii = new URL(`http://${line.replace(/^[!*]\.?/, "")}`).hostname;
    if (line.startsWith("!")) rules.exception.add(ascii);
    else if (line.startsWith("*.")) rules.wildcard.add(ascii);
    else rules.exact.add(ascii);
  }
  return rules;
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

export class PublicSuffixList {
  private readonly rules: SuffixRules;
  private readonly recent = new RecentResults((name: string) => this.split(name));

  /** `text`: the list in publicsuffix.org's format (comments start with //). */
  constructor(text: string) {
    this.rules = parseRules(text);
  }

  /** The registered domain of a lower-case name without trailing dot; undefined for a bare suffix. Shared: do not change it. */
  registeredDomain(name: string): RegisteredDomain | undefined {
    return this.recent.get(name);
  }

  private split(name: string): RegisteredDomain | undefined {
    const suffixes = this.rules;
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
}
