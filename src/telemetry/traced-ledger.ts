import { activeTracing, traced } from "./tracing.js";

/** What is traced of ingest's IngestionLedger, by shape: telemetry sits below ingest and queues. */
type RecordingLedger = {
  recordRead(source: { id: string }, objectKey: string, read: { events: number; findings: readonly unknown[] }): Promise<{ recorded: true; findings: readonly unknown[] } | { recorded: false }>;
};

/**
 * The ledger with its one write of an object's findings in a span ("vigil.record_findings"): what
 * the process job wrote, in the job's trace. The ledger itself while tracing is off.
 */
export function withTracedRecording<L extends RecordingLedger>(ledger: L): L {
  if (!activeTracing()) return ledger;
  const recordRead: L["recordRead"] = (source, objectKey, read) =>
    traced("vigil.record_findings", { "vigil.log_source.id": source.id, "vigil.object.key": objectKey, "vigil.events": read.events, "vigil.findings.found": read.findings.length }, async (span) => {
      const outcome = await ledger.recordRead(source, objectKey, read);
      span.setAttributes({ "vigil.object.recorded": outcome.recorded, "vigil.findings.written": outcome.recorded ? outcome.findings.length : 0 });
      return outcome;
    });
  return new Proxy(ledger, {
    get: (target, property) => {
      if (property === "recordRead") return recordRead;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
