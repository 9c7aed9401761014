/**
 * Cross-batch state of windowed rules, shared by every worker (Redis) or kept in one process (memory,
 * for `vigil scan`). Both stores keep the engine's contract — a batch's partials in, the merged values
 * of the keys it touched out — and add two things the pipeline needs:
 *
 *  - idempotence: each batch is stored as a named contribution ("<log object>#<batch index>") to each
 *    window key, so a log object retried after a crash replaces its own contributions instead of
 *    adding to them;
 *  - crossings: next to the merged value, the value the key had before this contribution (the
 *    contributions stored earlier), so a window's finding is raised by the one batch that carries
 *    it over its threshold, and by a retry of that batch, never by every later batch (crossings.ts).
 */
import type { WindowPartials } from "../engine/engine.js";

export type WindowMerge = {
  /** Per rule and window key the batch touched: every contribution up to and including this batch's. */
  merged: WindowPartials;
  /** The same keys without this batch's contribution and anything stored after it; absent when nothing was. */
  before: WindowPartials;
};

export interface WindowStore {
  /** Stores `batch` as contribution `contribution` (see contributionId) and merges it with the others. */
  merge(batch: WindowPartials, contribution: string): Promise<WindowMerge>;
}

/**
 * Names one batch of one log object. Batches of a log object are cut the same way on every read (the
 * parser's batch size), so a retry names its batches as the first run did.
 */
export function contributionId(source: string, objectKey: string, batchIndex: number): string {
  return `${source}|${objectKey}#${batchIndex}`;
}

/** Window keys are "<windowStart>|<account>|…": the account groups a batch's keys (one script call and Redis Cluster slot each). */
export function accountOfWindowKey(windowKey: string): string {
  const first = windowKey.indexOf("|");
  if (first < 0) return "";
  const second = windowKey.indexOf("|", first + 1);
  return second < 0 ? windowKey.slice(first + 1) : windowKey.slice(first + 1, second);
}
