/**
 * The per-name half of the DGA decision: how unlike real names a query's registered label (the name
 * bought from a registrar, under the ICANN public suffixes) is, under the character model
 * (names/character-model.ts). It knows no DGA family, so families it never saw score high as long as
 * they draw letters at random; dictionary-word and pronounceable generators (matsnu, simda) read as
 * real names. One name never decides: about 2 % of popular names score this high too (rule.ts).
 */
import type { NameReference } from "../../../engine/types.js";
import { isPublicDomain } from "../../../intel/domain/public-domain.js";

/** Nats of evidence for "random" a registered label needs to count as generated (README "DGA model"). */
export const DEFAULT_DGA_THRESHOLD = 8.5;

const SCORABLE = /^[a-z0-9-]+$/;

export type NameScore = { label: string; domain: string; score: number };

/** The label's randomness score, or undefined for names the model does not judge (IDNs, reverse lookups, local names). */
export function dgaScore(name: string, { publicSuffixes, benignNames }: NameReference): NameScore | undefined {
  if (!isPublicDomain(name) || name.endsWith(".arpa")) return undefined;
  const registered = publicSuffixes.registeredDomain(name);
  if (!registered || registered.label.startsWith("xn--") || !SCORABLE.test(registered.label)) return undefined;
  return { label: registered.label, domain: registered.domain, score: benignNames.randomness(registered.label) };
}
