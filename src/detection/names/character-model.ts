/**
 * A character trigram model of the names people give things, trained from a list of words (Vigil
 * ships organization words: src/reference-data/data/README.md). A label's score is the log-likelihood
 * ratio, in nats, of a generator drawing characters uniformly at random against this model: positive
 * when random draws explain the label better. Being a sum over characters, the evidence grows with length, so a short
 * odd name ("xobni") stays below a threshold that a long random one ("nuerwknmxsvu") clears.
 */
import { RecentResults } from "./recent-results.js";

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
