import type { LogKind } from "../../detection/events.js";
import { LogObjectError } from "../parsers/log-object-error.js";
import { DecompressedTooLargeError, gunzipAtMost, isGzip } from "./bounded-gunzip.js";
import { FirehoseRequestError, parseFirehoseRequest, recordData } from "./firehose-request.js";
import { streamedLogBody, streamedObjectText } from "./streamed-log-body.js";

export type FirehoseObjectOptions = {
  kind: LogKind;
  flowLogFormat?: string | null;
  /** What the request and its subscription messages may inflate to (VIGIL_STREAM_MAX_DECODED_BYTES). */
  maxDecodedBytes: number;
  /**
   * Claims the delivery's CloudTrail eventIDs and returns those another delivery claimed first, which are
   * left out: CloudWatch Logs delivers at least once, so an event can come back in a later request.
   */
  claimEventIds(eventIds: readonly string[]): Promise<ReadonlySet<string>>;
};

/**
 * The log text of a Firehose request stored as it was received (gzip'd when it came with Content-Encoding:
 * gzip): what the process job reads. The request was checked when it was accepted; its records are decoded
 * here, off the API's event loop. Empty when nothing is left (control messages only, or events delivered
 * before).
 */
export async function firehoseObjectText(objectKey: string, stored: Buffer, options: FirehoseObjectOptions): Promise<string> {
  let records: unknown[];
  try {
    const body = isGzip(stored) ? await gunzipAtMost(stored, options.maxDecodedBytes) : stored;
    records = parseFirehoseRequest(body.toString("utf8")).records;
  } catch (error) {
    // The same bytes fail the same way on every attempt (the limit was lowered since, or the row was altered).
    if (error instanceof FirehoseRequestError || error instanceof DecompressedTooLargeError) throw new LogObjectError(objectKey, `the stored request cannot be read: ${error.message}`);
    throw error;
  }
  const decoded = await streamedLogBody(records.map(recordData), options);
  const eventIds = decoded.lines.flatMap((line) => (line.eventId === undefined ? [] : [line.eventId]));
  const dropped = eventIds.length > 0 ? await options.claimEventIds(eventIds) : new Set<string>();
  return streamedObjectText(decoded, dropped) ?? "";
}
