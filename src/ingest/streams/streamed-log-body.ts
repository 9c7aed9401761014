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

/** What a batch of streamed records reads as: one log object's text, as S3 would hold it. */
export type StreamedBody = { text: string; lines: number; undecodable: number; duplicates: number };

const LINE_BREAKS = /\r?\n/;

/**
 * Turns streamed records (Firehose records, or EventBridge's CloudTrail events) into the text of one log
 * object: CloudTrail as NDJSON, flow logs under a header line naming the stream's fields, Resolver query
 * logs as NDJSON. A record gzip'd is a CloudWatch Logs subscription message whose log events are the lines.
 * A record that cannot be decoded (null: not base64) is not dropped: it becomes a line that no parser reads, placed last (the
 * parser recognizes the kind from the first lines), so the source's brokenRecords counts it once, with the
 * object. CloudTrail events repeated in the batch (same eventID) are kept once.
 */
export async function streamedLogBody(records: ReadonlyArray<Buffer | null>, options: StreamedBodyOptions): Promise<StreamedBody> {
  const lines: string[] = [];
  const broken: string[] = [];
  let budget = options.maxDecodedBytes;
  const spend = (bytes: number) => {
    budget -= bytes;
    if (budget < 0) throw new DecompressedTooLargeError(options.maxDecodedBytes);
  };
  for (const [index, record] of records.entries()) {
    if (record === null) {
      broken.push(JSON.stringify({ undecodableRecord: index, reason: "its data is not base64" }));
      continue;
    }
    if (!isGzip(record)) {
      spend(record.length);
      lines.push(...record.toString("utf8").split(LINE_BREAKS).filter((line) => line.trim() !== ""));
      continue;
    }
    let messages: string[];
    try {
      const inflated = await gunzipAtMost(record, Math.max(budget, 0));
      spend(inflated.length);
      messages = subscriptionMessages(inflated.toString("utf8"));
    } catch (error) {
      if (error instanceof DecompressedTooLargeError) throw new DecompressedTooLargeError(options.maxDecodedBytes);
      broken.push(JSON.stringify({ undecodableRecord: index, reason: (error as Error).message }));
      continue;
    }
    // A message holds one log line; a line break inside one (pretty-printed JSON) would split it.
    for (const message of messages) lines.push(message.replace(/\r?\n/g, " "));
  }
  const kept = options.kind === "CLOUD_TRAIL" ? withoutRepeatedEvents(lines) : lines;
  const header = options.kind === "VPC_FLOW_LOGS" && kept.length > 0 ? [options.flowLogFormat ?? DEFAULT_FIELDS.join(" ")] : [];
  return {
    text: [...header, ...kept, ...broken].join("\n"),
    lines: kept.length + broken.length,
    undecodable: broken.length,
    duplicates: lines.length - kept.length,
  };
}

/** Unreadable lines are kept for the parser to count; readable ones without an eventID cannot be told apart, so stay. */
function withoutRepeatedEvents(lines: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  const unreadable: string[] = [];
  for (const line of lines) {
    let eventId: unknown;
    try {
      eventId = (JSON.parse(line) as { eventID?: unknown } | null)?.eventID;
    } catch {
      unreadable.push(line);
      continue;
    }
    if (typeof eventId === "string") {
      if (seen.has(eventId)) continue;
      seen.add(eventId);
    }
    kept.push(line);
  }
  return [...kept, ...unreadable];
}
