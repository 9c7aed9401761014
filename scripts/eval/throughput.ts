/**
 * A rough, by-hand throughput check (never asserted in tests): the labelled CloudTrail records are
 * replayed as a stream of distinct events (each with its own event id and, for address callers, its
 * own address, so lookups cannot lean on repeats), then timed through JSON.parse alone, through the
 * parser's record normalization, and through the engine with the full catalogue and real feeds.
 */
import type { DetectionEngine } from "../../src/detection/engine/engine.js";
import type { DetectionContext } from "../../src/detection/engine/types.js";
import type { CloudTrailEvent } from "../../src/detection/events.js";
import { toCloudTrailEvent } from "../../src/ingest/parsers/cloudtrail-event.js";
import type { RawRecord } from "./records.js";

export type Throughput = { events: number; averageBytes: number; jsonParsePerSecond: number; normalizePerSecond: number; detectPerSecond: number };

const BATCH = 1000;

function fastest(run: () => void, repeats: number): number {
  run();
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return best;
}

function replay(records: RawRecord[], count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const record = records[i % records.length];
    const caller = typeof record.sourceIPAddress === "string" && /^\d/.test(record.sourceIPAddress) ? `${20 + (i % 200)}.${(i >> 8) & 255}.${i & 255}.${(i * 7) % 251}` : record.sourceIPAddress;
    lines.push(JSON.stringify({ ...record, eventID: `replay-${i}`, sourceIPAddress: caller }));
  }
  return lines;
}

export function measureThroughput(records: RawRecord[], engine: DetectionEngine, context: DetectionContext, count = 100_000): Throughput {
  const lines = replay(records, count);
  let parsed: RawRecord[] = [];
  const parseSeconds = fastest(() => (parsed = lines.map((line) => JSON.parse(line) as RawRecord)), 3);
  let events: CloudTrailEvent[] = [];
  const normalizeSeconds = fastest(() => {
    events = [];
    parsed.forEach((record, line) => {
      const event = toCloudTrailEvent(record, { object: "replay", line }, {});
      if (typeof event !== "string") events.push(event);
    });
  }, 3);
  const detectSeconds = fastest(() => {
    for (let at = 0; at < events.length; at += BATCH) engine.detect(events.slice(at, at + BATCH), context);
  }, 3);
  return {
    events: events.length,
    averageBytes: Math.round(lines.reduce((sum, line) => sum + line.length, 0) / lines.length),
    jsonParsePerSecond: Math.round(lines.length / parseSeconds),
    normalizePerSecond: Math.round(events.length / normalizeSeconds),
    detectPerSecond: Math.round(events.length / detectSeconds),
  };
}
