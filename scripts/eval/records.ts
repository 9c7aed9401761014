/** Labelled records through the same parser and engine as production, one record or one group at a time. */
import { Readable } from "node:stream";
import type { DetectionEngine } from "../../src/detection/engine/engine.js";
import type { DetectionContext } from "../../src/detection/engine/types.js";
import type { VigilEvent } from "../../src/detection/events.js";
import { LogObjectError, parseLogObject } from "../../src/ingest/parsers/index.js";

export type RawRecord = Record<string, unknown>;

/** Records the parser refuses (not CloudTrail as AWS writes it) count as broken and yield no event. */
export async function parseRecords(records: RawRecord[], objectKey: string): Promise<{ events: VigilEvent[]; broken: number }> {
  const { batches, stats } = parseLogObject(Readable.from([JSON.stringify(records)]), { objectKey, kind: "CLOUD_TRAIL" });
  const events: VigilEvent[] = [];
  try {
    for await (const batch of batches) events.push(...batch);
  } catch (error) {
    if (!(error instanceof LogObjectError)) throw error;
    return { events: [], broken: records.length };
  }
  return { events, broken: stats.broken };
}

/** The finding types the engine raises over a group of events. */
export function typesRaised(engine: DetectionEngine, events: VigilEvent[], context: DetectionContext): Set<string> {
  return new Set(engine.detect(events, context).map((candidate) => candidate.meta.type));
}
