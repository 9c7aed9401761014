import type { LogKind } from "../../detection/events.js";
import { DEFAULT_FIELDS } from "../parsers/flow-log-format.js";
import { DecompressedTooLargeError, gunzipAtMost, isGzip } from "./bounded-gunzip.js";
import { subscriptionMessages } from "./cloudwatch-logs-message.js";

export type StreamedBodyOptions = {
  kind: LogKind;
  /** VPC flow logs: the field names of the stream's format; AWS's default when not given. */
  flowLogFormat?: string | null;
  /** Decoded bytes a whole request may hold, gunzip'd subscription messages included. */
  maxDecodedBytes: number;
};

/** A batch of streamed records, decoded: the lines of one log object, CloudTrail ones with their eventID. */
export type StreamedBody = {
  header: string | undefined;
  lines: Array<{ text: string; eventId?: string }>;
  /** Records that could not be decoded, each as a line no parser reads. */
  broken: string[];
};

const LINE_BREAKS = /\r?\n/;

/**
 * Decodes streamed records (Firehose records, or EventBridge's CloudTrail events) into the lines of one log
 * object: CloudTrail and Resolver query logs one JSON record a line, flow logs under a header line naming the
 * stream's fields. A record gzip'd is a CloudWatch Logs subscription message whose log events are the lines.
 * A record that cannot be decoded (null: not base64) is not dropped: it becomes a line that no parser reads,
 * so the source's brokenRecords counts it once, with the object. So does a record that would take the batch
 * past `maxDecodedBytes` (gunzip stops there: a gzip bomb costs nothing), while the records after it are still
 * read. CloudTrail events repeated in the batch (same eventID) are kept once.
 */
export async function streamedLogBody(records: ReadonlyArray<Buffer | null>, options: StreamedBodyOptions): Promise<StreamedBody> {
  const lines: string[] = [];
  const broken: string[] = [];
  let budget = options.maxDecodedBytes;
  const tooLarge = `it inflates past the ${options.maxDecodedBytes} bytes a delivery may decode to (VIGIL_STREAM_MAX_DECODED_BYTES)`;
  for (const [index, record] of records.entries()) {
    if (record === null) {
      broken.push(JSON.stringify({ undecodableRecord: index, reason: "its data is not base64" }));
      continue;
    }
    if (!isGzip(record)) {
      if (record.length > budget) {
        broken.push(JSON.stringify({ undecodableRecord: index, reason: tooLarge }));
        continue;
      }
      budget -= record.length;
      for (const line of record.toString("utf8").split(LINE_BREAKS)) if (line.trim() !== "") lines.push(line);
      continue;
    }
    let messages: string[];
    try {
      // zlib wants a limit of at least one byte.
      const inflated = await gunzipAtMost(record, Math.max(budget, 1));
      if (inflated.length > budget) throw new DecompressedTooLargeError(budget);
      budget -= inflated.length;
      messages = subscriptionMessages(inflated.toString("utf8"));
    } catch (error) {
      broken.push(JSON.stringify({ undecodableRecord: index, reason: error instanceof DecompressedTooLargeError ? tooLarge : (error as Error).message }));
      continue;
    }
    // A message holds one log line; a line break inside one (pretty-printed JSON) would split it.
    for (const message of messages) lines.push(message.replace(/\r?\n/g, " "));
  }
  const kept = options.kind === "CLOUD_TRAIL" ? withoutRepeatedEvents(lines) : lines.map((text) => ({ text }));
  return {
    header: options.kind === "VPC_FLOW_LOGS" ? (options.flowLogFormat ?? DEFAULT_FIELDS.join(" ")) : undefined,
    lines: kept,
    broken,
  };
}

/**
 * The object's text without the events of `dropped`; null when nothing is left. Undecodable lines go last:
 * the parser recognizes the kind from the first lines.
 */
export function streamedObjectText(body: StreamedBody, dropped: ReadonlySet<string>): string | null {
  const lines = body.lines.filter((line) => line.eventId === undefined || !dropped.has(line.eventId)).map((line) => line.text);
  if (lines.length + body.broken.length === 0) return null;
  return [...(body.header && lines.length > 0 ? [body.header] : []), ...lines, ...body.broken].join("\n");
}

/** Unreadable lines are kept for the parser to count; readable ones without an eventID cannot be told apart, so stay. */
function withoutRepeatedEvents(lines: readonly string[]): StreamedBody["lines"] {
  const seen = new Set<string>();
  const kept: StreamedBody["lines"] = [];
  const unreadable: StreamedBody["lines"] = [];
  for (const line of lines) {
    let eventId: unknown;
    try {
      eventId = (JSON.parse(line) as { eventID?: unknown } | null)?.eventID;
    } catch {
      unreadable.push({ text: line });
      continue;
    }
    if (typeof eventId !== "string") {
      kept.push({ text: line });
      continue;
    }
    if (seen.has(eventId)) continue;
    seen.add(eventId);
    kept.push({ text: line, eventId });
  }
  return [...kept, ...unreadable];
}
