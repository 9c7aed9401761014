import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { FindingAggregator } from "../../detection/findings/aggregator.js";
import type { Finding } from "../../detection/findings/types.js";
import { collectSignals } from "../../detection/sequences/collect.js";
import { sequencesOf } from "../../detection/sequences/detect-sequences.js";
import type { Signal } from "../../detection/sequences/signal.js";
import { linkSequenceMembers } from "../../detection/sequences/link-members.js";
import { detectWindows } from "../../detection/state/window-detection.js";
import { contributionId } from "../../detection/state/window-store.js";
import type { IngestionLedger, SourceForIngestion } from "../ports.js";
import { parseLogObject, type ParseStats } from "../parsers/index.js";
import { analysisFor, logKindOf, type AnalysisDependencies, type DetectorAnalysis } from "./analysis.js";
import { attributed, noneDropped, type DroppedEvents } from "./attribution.js";
import { ObjectInventoryChanges } from "./inventory-changes.js";
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
      return this.record(source, object, { records: 0, events: 0, broken: 0, errors: [], skipped: `not analysed: ${analysis.skipped}` }, noneDropped(), object.size, []);
    }
    const { baselines, attribution } = analysis;
    const dropped = noneDropped();
    const { baselineStore } = this.analysis;
    // One aggregator per detector the object's events go to: an organisation source's findings are its members'.
    const aggregators = new Map<DetectorAnalysis, FindingAggregator>();
    const inventoryChanges = new ObjectInventoryChanges();
    // Names this object's contributions to shared state, so that a second read replaces them instead of adding to them.
    const contributor = createHash("sha256").update(`${source.id}\n${object.key}`).digest("hex").slice(0, 32);
    let bytes = 0;
    const input = counted(await object.open(), (n) => {
      bytes += n;
      onBytes(n);
    });
    const { batches, stats } = parseLogObject(input, { objectKey: object.key, kind: logKindOf(source.kind), maxBytes: this.maxBytes });
    let batchIndex = 0;
    // Each detector's attack-sequence signals of the whole object: its stories are decided once, at the end.
    const signals = new Map<DetectorAnalysis, Signal[]>();
    const { sequenceSettings } = this.analysis;
    // A batch's learning is sent and left in flight while the next batch is parsed and run through the
    // rules; the next read of the baselines waits for it, so each batch still sees what the one before learned.
    let learning: Promise<unknown> = Promise.resolve();
    for await (const parsed of batches) {
      // Batches are cut the same way on every read, so a retry names each batch as the first run did.
      const batchId = batchIndex++;
      const contribution = contributionId(source.id, object.key, batchId);
      // Windows, baselines and sequences are kept per account, so detectors' groups of one batch never share state.
      for (const [routed, batch] of attributed(parsed, attribution, dropped)) {
        const { engine, windows, context, keeps, detectorId } = routed;
        inventoryChanges.observe(detectorId, batch);
        const { candidates, windowPartials } = engine.detectBatch(batch, context);
        const plan = baselines.observe(batch, context);
        await learning;
        // The baselines and the windows are separate state: read and merged in the same round trip.
        const [snapshot, crossed] = await Promise.all([baselineStore.read(plan.reads), detectWindows(engine, windows, windowPartials, contribution, context)]);
        const kept = baselines.decide(plan, snapshot, context, candidates).filter(keeps);
        kept.push(...crossed.filter(keeps));
        // Every finding of the batch, and the events behind them, are signals of the actors' stories.
        const own = signals.get(routed);
        if (own) own.push(...collectSignals(batch, kept, sequenceSettings));
        else signals.set(routed, collectSignals(batch, kept, sequenceSettings));
        this.aggregatorOf(aggregators, routed).add(kept);
        // Baselines compare each event with what was learned before its event time, so learning ahead of
        // the object's commit changes nothing a retry decides; the learn id keeps it from counting twice.
        const learned = baselineStore.learn(plan.learning, `${contributor}#${batchId}`);
        // Awaited before the next read or the record; until then a failure must not count as unhandled.
        learned.catch(() => undefined);
        learning = learned;
      }
    }
    await learning;
    // The whole object is one contribution to the stories ("<source>|<key>", without a batch index).
    const sequenceContribution = `${source.id}|${object.key}`;
    for (const [routed, own] of signals) {
      const raised = await sequencesOf(this.analysis.sequences, own, sequenceContribution, { detectorId: routed.detectorId, settings: sequenceSettings });
      this.aggregatorOf(aggregators, routed).add(raised.filter(routed.keeps));
    }
    const findings: Finding[] = [];
    for (const aggregator of aggregators.values()) {
      const detectorFindings = aggregator.list();
      linkSequenceMembers(detectorFindings);
      findings.push(...detectorFindings);
    }
    // The inventory changes are idempotent (inventory-model.ts): a retried object applies them again harmlessly.
    const { inventory } = this.analysis;
    await inventory.record(inventoryChanges.byDetector);
    return this.record(source, object, stats, dropped, Math.max(bytes, object.size), await inventory.describe(findings));
  }

  private aggregatorOf(aggregators: Map<DetectorAnalysis, FindingAggregator>, routed: DetectorAnalysis): FindingAggregator {
    let aggregator = aggregators.get(routed);
    if (!aggregator) aggregators.set(routed, (aggregator = new FindingAggregator({ detectorId: routed.detectorId, geo: this.analysis.geo })));
    return aggregator;
  }

  /** Each detector's own suppression rules decide over its findings. */
  private async suppressedIds(findings: readonly Finding[]): Promise<ReadonlySet<string>> {
    const byDetector = new Map<string, Finding[]>();
    for (const finding of findings) {
      const own = byDetector.get(finding.service.detectorId);
      if (own) own.push(finding);
      else byDetector.set(finding.service.detectorId, [finding]);
    }
    const suppressed = new Set<string>();
    for (const [detectorId, own] of byDetector) for (const id of await this.suppression.suppressedIds(detectorId, own)) suppressed.add(id);
    return suppressed;
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
      suppressedIds: findings.length > 0 ? await this.suppressedIds(findings) : new Set(),
    });
    if (!outcome.recorded) return { status: "ALREADY_RECORDED" };
    return { status, events: stats.events, broken: stats.broken, findings: outcome.findings.length, detail };
  }
}
