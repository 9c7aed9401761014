/**
 * A character trigram model of the names people give things, trained on first use from the shipped
 * organization words (data/README.md). A label's score is the log-likelihood ratio, in nats, of a
 * generator drawing characters uniformly at random against this model: positive when random draws
 * explain the label better. Being a sum over characters, the evidence grows with length, so a short
 * odd name ("xobni") stays below a threshold that a long random one ("nuerwknmxsvu") clears.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { PROJECT_ROOT } from "../../../../paths.js";
import { RecentResults } from "../shared/recent-results.js";

export const BENIGN_WORDS_FILE = path.join(PROJECT_ROOT, "src", "reference-data", "data", "organization-words.txt.gz");

const ORDER = 3;
/** Add-k smoothing: small, so unseen trigrams cost a lot without being impossible. */
const SMOOTHING = 0.1;
/** Letters, digits, hyphen and the end marker. */
const ALPHABET_SIZE = 38;
/** The random generator: one of 26 letters and an end, uniformly. */
const RANDOM_LOG_PROBABILITY = Math.log(1 / 27);
const START = "^".repeat(ORDER - 1);

export class CharacterModel {
  private readonly grams = new Map<string, number>();
  private readonly contexts = new Map<string, number>();
  /** Labels recur (every query of a service names it): their scores are kept. */
  private readonly scores = new RecentResults((label) => this.score(label));

  constructor(words: Iterable<string>) {
    for (const word of words) {
      const padded = `${START}${word}$`;
      for (let i = ORDER - 1; i < padded.length; i++) {
        const gram = padded.slice(i - ORDER + 1, i + 1);
        this.grams.set(gram, (this.grams.get(gram) ?? 0) + 1);
        this.contexts.set(gram.slice(0, -1), (this.contexts.get(gram.slice(0, -1)) ?? 0) + 1);
      }
    }
  }

  /** Log-likelihood ratio random : benign of a label (letters, digits, hyphens), in nats. */
  randomness(label: string): number {
    return this.scores.get(label);
  }

  private score(label: string): number {
    const padded = `${START}${label}$`;
    let ratio = 0;
    for (let i = ORDER - 1; i < padded.length; i++) {
      const gram = padded.slice(i - ORDER + 1, i + 1);
      const benign = Math.log(((this.grams.get(gram) ?? 0) + SMOOTHING) / ((this.contexts.get(gram.slice(0, -1)) ?? 0) + SMOOTHING * ALPHABET_SIZE));
      ratio += RANDOM_LOG_PROBABILITY - benign;
    }
    return ratio;
  }
}

let shipped: CharacterModel | undefined;

/** The model trained on the shipped corpus, built once per process (~64k words, tens of ms). */
export function benignNameModel(): CharacterModel {
  return (shipped ??= new CharacterModel(gunzipSync(readFileSync(BENIGN_WORDS_FILE)).toString("utf8").split("\n").filter(Boolean)));
}
