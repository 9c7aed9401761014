import { Readable } from "node:stream";
import type { IngestionLedger } from "../ports.js";
import { LocationError } from "../locations/log-location.js";
import { openLocation, type LocationOptions, type OpenedLocation } from "../locations/open-location.js";
import { LogObjectError } from "../parsers/index.js";
import type { ProcessJobData } from "../../queues/ingest.js";
import type { ObjectReader, ReadResult } from "./object-reader.js";
import { isPushedLocation } from "../locations/pushed-locations.js";
import { firehoseObjectText } from "../streams/firehose-object.js";
import { logKindOf } from "./analysis.js";
import type { SourceForIngestion } from "../ports.js";

export type ProcessJobResult = ReadResult | { status: "SOURCE_GONE" } | { status: "FAILED"; reason: string };

export function failureReason(error: unknown): string {
  if (error instanceof LogObjectError) return error.reason;
  return (error as Error | null)?.message ?? String(error);
}

/**
 * One process job: the object named by the job (or the pushed body it carries) read and recorded.
 * A transient failure (network, disk, database) is thrown for BullMQ to retry with backoff, except on
 * the last attempt. Then, and at once for an object that can never be read (LogObjectError: the same
 * bytes fail the same way), the object is recorded FAILED with its reason and the job ends normally,
 * so the source moves on instead of retrying for a minute.
 */
export class ProcessJob {
  constructor(
    private readonly ledger: IngestionLedger,
    private readonly reader: ObjectReader,
    private readonly locations: LocationOptions,
    /** What a stored Firehose request and its subscription messages may inflate to. */
    private readonly maxStreamDecodedBytes: number,
  ) {}

  async run(data: ProcessJobData, attempt: { last: boolean }, onBytes?: (bytes: number) => void): Promise<ProcessJobResult> {
    const source = await this.ledger.source(data.logSourceId);
    if (!source) return { status: "SOURCE_GONE" };
    let opened: OpenedLocation | undefined;
    try {
      const open = async (): Promise<Readable> => {
        if (source.location === "FIREHOSE") return Readable.from([await this.firehoseText(source, data.objectKey)]);
        if (isPushedLocation(source.location)) return Readable.from([await this.pushedBody(source.id, data.objectKey)]);
        opened = openLocation(source, this.locations);
        return opened.location.open(data.objectKey);
      };
      return await this.reader.read(source, { key: data.objectKey, size: data.size, lastModified: new Date(data.lastModified), open }, onBytes);
    } catch (error) {
      const locationProblem = error instanceof LocationError;
      if (attempt.last || error instanceof LogObjectError) {
        const reason = failureReason(error);
        await this.ledger.recordFailure(source.id, data.objectKey, reason, { bytes: data.size, locationProblem });
        return { status: "FAILED", reason };
      }
      if (locationProblem) await this.ledger.noteLocationProblem(source.id, error.message);
      throw error;
    } finally {
      opened?.close();
    }
  }

  private async pushedBody(logSourceId: string, objectKey: string): Promise<Buffer> {
    const body = await this.ledger.pushedBody(logSourceId, objectKey);
    // Only a recorded object loses its body, and the reader checked that it is not recorded.
    if (!body) throw new LogObjectError(objectKey, "the pushed body is no longer stored");
    return body;
  }

  /** A Firehose request is stored as received: its records are decoded, and their eventIDs claimed, here. */
  private async firehoseText(source: SourceForIngestion, objectKey: string): Promise<string> {
    return firehoseObjectText(objectKey, await this.pushedBody(source.id, objectKey), {
      kind: logKindOf(source.kind),
      flowLogFormat: source.flowLogFormat,
      maxDecodedBytes: this.maxStreamDecodedBytes,
      claimEventIds: (eventIds) => this.ledger.claimStreamedEvents(source.id, objectKey, eventIds),
    });
  }

  /** A job BullMQ failed without running it to its end (it stalled too often): recorded like a last failed attempt. */
  async abandoned(data: ProcessJobData, reason: string): Promise<void> {
    if (await this.ledger.source(data.logSourceId)) {
      await this.ledger.recordFailure(data.logSourceId, data.objectKey, reason, { bytes: data.size, locationProblem: false });
    }
  }
}
