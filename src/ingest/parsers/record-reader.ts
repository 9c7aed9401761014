import type { EventOrigin, LogKind, VigilEvent } from "../../detection/events.js";
import { toCloudTrailEvent } from "./cloudtrail-event.js";
import { lineToDnsEvent, toDnsEvent } from "./dns-event.js";
import type { EventCollector } from "./event-collector.js";
import { parseFormatString } from "./flow-log-format.js";
import { FlowLogReader } from "./flow-log-reader.js";
import { JsonRecordReader, jsonShape } from "./json-records.js";
import type { JsonObject } from "./json-values.js";
import { objectHints, type ObjectHints } from "./object-hints.js";
import type { ParseOptions } from "./types.js";

/** Takes the object's text chunk by chunk and puts its events and broken records into the collector. */
export type RecordReader = { push(text: string): void; end(): void };

type RecordMapper = (record: JsonObject, origin: EventOrigin, hints: ObjectHints) => VigilEvent | string;
/** An event read from a JSON line without JSON.parse, or undefined for a line left to JSON.parse. */
type LineMapper = (line: string, origin: EventOrigin, hints: ObjectHints) => VigilEvent | string | undefined;

/** `head` is the object's first text, from which a JSON object's shape is told. */
export function createRecordReader(
  kind: LogKind,
  head: string,
  options: ParseOptions,
  collector: EventCollector,
): RecordReader {
  const hints = objectHints(options);
  switch (kind) {
    case "VPC_FLOW_LOGS": {
      const declared = options.flowLogFormat === undefined ? undefined : parseFormatString(options.flowLogFormat);
      return new FlowLogReader(collector, options.objectKey, hints, declared);
    }
    case "CLOUD_TRAIL":
      return jsonReader(head, options.objectKey, hints, collector, toCloudTrailEvent);
    case "DNS_QUERY_LOGS":
      return jsonReader(head, options.objectKey, hints, collector, toDnsEvent, lineToDnsEvent);
  }
}

function jsonReader(
  head: string,
  objectKey: string,
  hints: ObjectHints,
  collector: EventCollector,
  toEvent: RecordMapper,
  lineToEvent?: LineMapper,
): RecordReader {
  const shape = jsonShape(head);
  if (shape === undefined) throw new Error("a JSON kind was chosen for text that is not JSON");
  const take = (event: VigilEvent | string, line: number) => {
    if (typeof event === "string") collector.broken(line, event);
    else collector.add(event);
  };
  return new JsonRecordReader(shape, {
    record: (value, line) => take(toEvent(value, { object: objectKey, line }, hints), line),
    line: lineToEvent && ((text, line) => {
      const event = lineToEvent(text, { object: objectKey, line }, hints);
      if (event === undefined) return false;
      take(event, line);
      return true;
    }),
    broken: (line, message) => collector.broken(line, message),
    report: (message) => collector.report(undefined, message),
  });
}
