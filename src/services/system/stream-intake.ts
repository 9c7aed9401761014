import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Database } from "../../db/prisma.js";
import type { LogSource } from "../../generated/prisma/client.js";
import { logKindOf } from "../../ingest/process/analysis.js";
import { cloudTrailDetail } from "../../ingest/streams/eventbridge-event.js";
import { type FirehoseRequest } from "../../ingest/streams/firehose-request.js";
import { streamedLogBody, streamedObjectText } from "../../ingest/streams/streamed-log-body.js";
import { eventIdsClaimedElsewhere } from "../../db/ingestion/streamed-events.js";
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
  /** Bytes a request may decode to (gunzip'd body and subscription messages): what a gzip bomb runs into. */
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
 * A delivery is accepted once queued like a push (its gzip'd text as the payload of a process job, the way
 * PushIntake keeps a batch), under a key its retries repeat: a Firehose request's requestId, a CloudTrail
 * event's eventID. The job id and the object's ingestion record then make a repeat add nothing; a CloudTrail
 * event that a later Firehose request carries again is dropped by its eventID (claims kept a day).
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

  acceptFirehose(source: StreamSource, request: FirehoseRequest): Promise<AcceptedStream> {
    return this.queue(source, `firehose/${keyPart(request.requestId)}`, request.records, true);
  }

  /** One event per request, as API destinations send them. */
  acceptEventBridge(source: StreamSource, body: string): Promise<AcceptedStream> {
    const { eventId, record } = cloudTrailDetail(body);
    // Keyed by the eventID already: a repeat is the same object.
    return this.queue(source, `eventbridge/${keyPart(eventId)}`, [Buffer.from(JSON.stringify(record))], false);
  }

  private async queue(source: StreamSource, objectKey: string, records: ReadonlyArray<Buffer | null>, claimEventIds: boolean): Promise<AcceptedStream> {
    const body = await streamedLogBody(records, { kind: logKindOf(source.kind), flowLogFormat: source.flowLogFormat, maxDecodedBytes: this.options.maxDecodedBytes });
    const eventIds = claimEventIds ? body.lines.flatMap((line) => (line.eventId === undefined ? [] : [line.eventId])) : [];
    const dropped = await eventIdsClaimedElsewhere(this.db, source.id, objectKey, eventIds);
    // Null for control messages only (CloudWatch Logs checking the way), or events all delivered before.
    const text = streamedObjectText(body, dropped);
    if (text !== null) await queueReceived(this.ledger, this.queues, source.id, { key: objectKey, lastModified: new Date(), body: await gzipAsync(text) });
    return { objectKey: text === null ? null : objectKey };
  }
}
