import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Database } from "../../db/prisma.js";
import type { LogSource } from "../../generated/prisma/client.js";
import { logKindOf } from "../../ingest/process/analysis.js";
import { cloudTrailDetail } from "../../ingest/streams/eventbridge-event.js";
import { streamedLogBody, streamedObjectText } from "../../ingest/streams/streamed-log-body.js";
import type { IngestQueues } from "../../queues/ingest.js";
import { queueReceived } from "../log-sources/queue-received.js";
import type { IngestionLedger } from "./ingestion-ledger.js";
import { ForbiddenError, UnauthenticatedError } from "../errors.js";
import { accessKeyMatches } from "../log-sources/access-key.js";

const gzipAsync = promisify(gzip);

export type StreamLocation = "FIREHOSE" | "EVENTBRIDGE";

/** A source a sender proved its key for. */
export type StreamSource = LogSource;

export type StreamIntakeOptions = {
  /** Bytes a delivery may decode to: what the EventBridge event decoded here may take (a Firehose request's records are decoded by its process job). */
  maxDecodedBytes: number;
};

/** What one delivery added: lines queued as one object, under a key that a retried delivery repeats. */
export type AcceptedStream = { objectKey: string | null };

/** Ids chosen by the sender become object keys: kept as they are when plainly safe, hashed otherwise. */
function keyPart(id: string): string {
  return /^[A-Za-z0-9._-]{1,128}$/.test(id) ? id : createHash("sha256").update(id).digest("hex");
}

/**
 * Logs streamed by AWS: Amazon Data Firehose's HTTP endpoint deliveries and EventBridge API destination
 * events. A system service (see ./README.md): the sender is no account; the source's access key is the
 * credential, and the source was authorized when its owner created it.
 *
 * A delivery is accepted once stored in PostgreSQL and queued like a push, under a key its retries repeat: a
 * Firehose request's requestId, a CloudTrail event's eventID. The pending row, the job id and the object's
 * ingestion record then make a repeat add nothing. A Firehose request is stored as it came, its records
 * decoded by the process job (ProcessJob), which also drops a CloudTrail event that an earlier request
 * carried (claims kept a day): decoding 500 records takes far longer than storing them, and an API process
 * that did it could not keep up with one busy stream. An EventBridge event is one record, stored decoded.
 */
export class StreamIntake {
  constructor(
    private readonly db: Database,
    private readonly queues: IngestQueues,
    private readonly ledger: IngestionLedger,
    private readonly options: StreamIntakeOptions,
  ) {}

  /** The source a sender may deliver to: an unknown source and a wrong key look alike (401). */
  async authenticate(logSourceId: string, location: StreamLocation, accessKey: string | undefined): Promise<StreamSource> {
    const source = /^[0-9a-f-]{36}$/i.test(logSourceId) ? await this.db.logSource.findUnique({ where: { id: logSourceId } }) : null;
    if (!source || source.location !== location || !accessKeyMatches(source.accessKeyHash, accessKey)) {
      throw new UnauthenticatedError(`The access key is not the one of ${location === "FIREHOSE" ? "a firehose" : "an eventbridge"} log source at this address.`);
    }
    if (!source.enabled) throw new ForbiddenError(`Log source ${source.id} is disabled.`);
    return source;
  }

  /** A request whose shape was checked, with its body as received (gzip'd when it came so). */
  async acceptFirehose(source: StreamSource, requestId: string, received: Buffer): Promise<AcceptedStream> {
    const objectKey = `firehose/${keyPart(requestId)}`;
    await queueReceived(this.ledger, this.queues, source.id, { key: objectKey, lastModified: new Date(), body: received });
    return { objectKey };
  }

  /** One event per request, as API destinations send them. */
  async acceptEventBridge(source: StreamSource, text: string): Promise<AcceptedStream> {
    const { eventId, record } = cloudTrailDetail(text);
    // Keyed by the eventID already: a repeat is the same object.
    const objectKey = `eventbridge/${keyPart(eventId)}`;
    const decoded = await streamedLogBody([Buffer.from(JSON.stringify(record))], { kind: logKindOf(source.kind), flowLogFormat: source.flowLogFormat, maxDecodedBytes: this.options.maxDecodedBytes });
    const body = streamedObjectText(decoded, new Set());
    if (body !== null) await queueReceived(this.ledger, this.queues, source.id, { key: objectKey, lastModified: new Date(), body: await gzipAsync(body) });
    return { objectKey: body === null ? null : objectKey };
  }
}
