import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import type { Actor } from "../actor.js";
import { ConflictError, InvalidInputError } from "../errors.js";
import type { LogSourceService } from "./log-source-service.js";
import { parseLogObject, LogObjectError, ObjectTooLargeError } from "../../ingest/parsers/index.js";
import { logKindOf } from "../../ingest/process/analysis.js";
import type { IngestQueues } from "../../queues/ingest.js";
import type { IngestionLedger } from "../system/ingestion-ledger.js";
import { queueReceived } from "./queue-received.js";

export type AcceptedPush = { objectKey: string; records: number; events: number; brokenRecords: number };

/** The body expands past the push limit once decompressed (answered 413, like a body too large as sent). */
export class PushTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The body is larger than ${maxBytes} bytes once decompressed (VIGIL_PUSH_MAX_BYTES); split the batch.`);
    this.name = "PushTooLargeError";
  }
}

function isGzip(body: Buffer): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

/** "push/20260301T101112.123Z-<uuid>": sorts by arrival, unique without coordination. */
function pushObjectKey(at: Date): string {
  return `push/${at.toISOString().replace(/[-:]/g, "")}-${randomUUID()}`;
}

/**
 * A batch of records pushed over HTTP to a source whose location is `push`. It is checked here, so a
 * client learns at once that its body is unreadable, then stored (gzip'd) in PostgreSQL under a generated
 * object key before it is answered, so an accepted body survives the loss of Redis; its process job names
 * the object only, and it is processed like any listed object.
 */
export class PushIntake {
  constructor(
    private readonly logSources: LogSourceService,
    private readonly queues: IngestQueues,
    /** Counted after decompression, so a small gzip that expands enormously is refused without inflating it all. */
    private readonly maxBytes: number,
    private readonly ledger: IngestionLedger,
  ) {}

  async accept(actor: Actor | null, logSourceId: string, body: Buffer): Promise<AcceptedPush> {
    const source = await this.logSources.get(actor, logSourceId);
    if (source.location !== "PUSH") throw new ConflictError(`Log source ${logSourceId} reads from ${source.location === "S3" ? "S3" : "a folder"}; push to a source whose location is push.`);
    if (!source.enabled) throw new ConflictError(`Log source ${logSourceId} is disabled.`);
    if (body.length === 0) throw new InvalidInputError("The body is empty: send JSON, NDJSON or text records, gzip'd or not.");
    const receivedAt = new Date();
    const objectKey = pushObjectKey(receivedAt);
    const { batches, stats } = parseLogObject(Readable.from([body]), { objectKey, kind: logKindOf(source.kind), maxBytes: this.maxBytes });
    try {
      for await (const batch of batches) void batch;
    } catch (error) {
      if (error instanceof ObjectTooLargeError) throw new PushTooLargeError(this.maxBytes);
      if (error instanceof LogObjectError) throw new InvalidInputError(`The body cannot be read: ${error.reason}.`);
      throw error;
    }
    if (stats.skipped) throw new InvalidInputError(`Nothing to ingest: ${stats.skipped}.`);
    if (stats.events === 0) {
      const first = stats.errors[0];
      throw new InvalidInputError(`No record could be read${first ? ` (${first.line ? `line ${first.line}: ` : ""}${first.message})` : ""}.`);
    }
    await queueReceived(this.ledger, this.queues, source.id, { key: objectKey, lastModified: receivedAt, body: isGzip(body) ? body : gzipSync(body) });
    return { objectKey, records: stats.records, events: stats.events, brokenRecords: stats.broken };
  }
}
