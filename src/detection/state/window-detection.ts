/**
 * What the ingestion pipeline calls once per batch, after engine.detectBatch:
 *
 *   const { candidates, windowPartials } = engine.detectBatch(batch, context);
 *   candidates.push(...(await detectWindows(engine, store, windowPartials, contributionId(source.id, object.key, batchIndex), context)));
 *
 * One store round trip per batch (none when no windowed rule accumulated anything), then the
 * candidates of the windows this batch carried over their thresholds.
 */
import type { DetectionEngine, WindowPartials } from "../engine/engine.js";
import type { DetectionContext, FindingCandidate } from "../engine/types.js";
import { decideCrossings } from "./crossings.js";
import type { WindowStore } from "./window-store.js";

function isEmpty(partials: WindowPartials): boolean {
  for (const keys of partials.values()) if (keys.size > 0) return false;
  return true;
}

export async function detectWindows(
  engine: DetectionEngine,
  store: WindowStore,
  partials: WindowPartials,
  contribution: string,
  context: DetectionContext,
): Promise<FindingCandidate[]> {
  if (isEmpty(partials)) return [];
  return decideCrossings(engine, await store.merge(partials, contribution), context);
}
