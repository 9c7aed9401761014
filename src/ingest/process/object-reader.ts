import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { FindingAggregator } from "../../detection/findings/aggregator.js";
import type { Finding } from "../../detection/findings/types.js";
import { detectSequences } from "../../detection/sequences/detect-sequences.js";
import { linkSequenceMembers } from "../../detection/sequences/link-members.js";
import { detectWindows } from "../../detection/state/window-detection.js";
import { contributionId } from "../../detection/state/window-store.js";
import type { IngestionLedger, SourceForIngestion } from "../ports.js";
import { parseLogObject, type ParseStats } from "../parsers/index.js";
import { analysisFor, logKindOf, type AnalysisDependencies } from "./analysis.js";
import { attributed, NONE_DROPPED, type DroppedEvents } from "./attribution.js";
import type { SuppressionRules } from "./suppression.js";

export type ObjectToRead = {
  key: string;
  /** Bytes as stored (compressed when the object is); 0 when unknown. */
  size: number;
  lastModified: Date;
  open(): Promise<Readable>;
};

export type ReadResult =
  | { status: "ALREADY_RECORDED" }
  | { status: "DONE" | "SKIPPED"; events: number; broken: number; findings: number; detail: string | null };

/** Passes the bytes through, telling `onBytes` how many went by. */
function counted(input: Readable, onBytes: (bytes: number) => void): Readable {
  async function* chunks(): AsyncGenerator<Buffer | string> {
    for await (const chunk of input) {
      onBytes(chunk.length);
      yield chunk;
    }
  }
  return Readable.from(chunks());
}

function describe(stats: ParseStats, dropped: DroppedEvents): string | null {
  if (stats.skipped) return stats.skipped;
  const parts: string[] = [];
  if (stats.broken > 0) {
    const first = stats.errors[0];
    parts.push(`${stats.broken} broken record(s)${first ? `; first: ${first.line ? `line ${first.line}: ` : ""}${first.message}` : ""}`);
  }
  if (dropped.other_account > 0) parts.push(`${dropped.other_account} event(s) of other accounts dropped (not an organisation source)`);
  if (dropped.outside_organization > 0) parts.push(`${dropped.outside_organization} event(s) of accounts outside the organisation dropped`);
  return parts.length > 0 ? parts.join("; ") : null;
}

/**
 * Reads one log object to its end and records it: streams and parses it batch by batch (never
 * whole), runs the rules and the baselines on each batch, aggregates the findings in memory by id
 * (there are few, next to the events), and hands everything to the ledger, which writes it in one
 * transaction. No finding or counter is written before that, and the state shared across objects
 * (windows, baselines, attack sequences) is keyed by object, so a run cut short leaves nothing a rerun would count twice.
 */
export class ObjectReader {
  constructor(
    private readonly ledger: IngestionLedger,
    private readonly analysis: AnalysisDependencies,
    private readonly suppression: SuppressionRules,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  async read(source: SourceForIngestion, object: ObjectToRead, onBytes: (bytes: number) => void = () => undefined): Promise<ReadResult> {
    if (await this.ledger.isRecorded(source.id, object.key)) return { status: "ALREADY_RECORDED" };
    const analysis = await analysisFor(source, this.analysis);
    if ("skipped" in analysis) {
      return this.record(source, object, { records: 0, events: 0, broken: 0, errors: [], skipped: `not analysed: ${analysis.skipped}` }, { ...NONE_DROPPED }, object.size, []);
    }
    const { engine, windows, baselines, context, keeps, attribution } = analysis;
    const dropped: DroppedEvents = { ...NONE_DROPPED };
    const { baselineStore } = this.analysis;
    const aggregator = new FindingAggregator({ detectorId: source.detectorId, geo: this.analysis.geo });
    // Names this object's contributions to shared state, so that a second read replaces them instead of adding to them.
    const contributor = createHash("sha256").update(`${source.id}\n${object.key}`).digest("hex").slice(0, 32);
    let bytes = 0;
    const input = counted(await object.open(), (n) => {
      bytes += n;
      onBytes(n);
    });
    const { batches, stats } = parseLogObject(input, { objectKey: object.key, kind: logKindOf(source.kind), maxBytes: this.maxBytes });
    let batchIndex = 0;
    for await (const parsed of batches) {
      // Batches are cut the same way on every read, so a retry names each batch as the first run did.
      const batchId = batchIndex++;
      const batch = attributed(parsed, attribution, dropped);
      if (batch.length === 0) continue;
      const contribution = contributionId(source.id, object.key, batchId);
      const { candidates, windowPartials } = engine.detectBatch(batch, context);
      const plan = baselines.observe(batch, context);
      const kept = baselines.decide(plan, await baselineStore.read(plan.reads), context, candidates).filter(keeps);
      kept.push(...(await detectWindows(engine, windows, windowPartials, contribution, context)).filter(keeps));
      // Every finding of the batch, and the events behind them, are signals of the actors' stories.
      const sequenceOptions = { detectorId: source.detectorId, settings: this.analysis.sequenceSettings };
      kept.push(...(await detectSequences(this.analysis.sequences, batch, kept, contribution, sequenceOptions)).filter(keeps));
      aggregator.add(kept);
      // Baselines compare each event with what was learned before its event time, so learning ahead of
      // the object's commit changes nothing a retry decides; the learn id keeps it from counting twice.
      await baselineStore.learn(plan.learning, `${contributor}#${batchId}`);
    }
    const findings = aggregator.list();
    linkSequenceMembers(findings);
    return this.record(source, object, stats, dropped, Math.max(bytes, object.size), findings);
  }

  private async record(source: SourceForIngestion, object: ObjectToRead, stats: ParseStats, dropped: DroppedEvents, bytes: number, findings: Finding[]): Promise<ReadResult> {
    const status = stats.skipped ? "SKIPPED" : "DONE";
    const detail = describe(stats, dropped);
    const outcome = await this.ledger.recordRead(source, object.key, {
      status,
      records: stats.records,
      events: stats.events,
      broken: stats.broken,
      dropped,
      bytes,
      lastModified: object.lastModified,
      detail,
      findings,
      suppressedIds: findings.length > 0 ? await this.suppression.suppressedIds(source.detectorId, findings) : new Set(),
    });
    if (!outcome.recorded) return { status: "ALREADY_RECORDED" };
    return { status, events: stats.events, broken: stats.broken, findings: outcome.findings.length, detail };
  }
}
