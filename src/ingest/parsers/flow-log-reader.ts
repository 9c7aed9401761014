import type { EventCollector } from "./event-collector.js";
import { FlowRecordLayout } from "./flow-event.js";
import { DEFAULT_FIELDS, headerFields, isKnownField } from "./flow-log-format.js";
import { LineSplitter } from "./line-splitter.js";
import type { ObjectHints } from "./object-hints.js";

const DEFAULT_LAYOUT = new FlowRecordLayout(DEFAULT_FIELDS);

/**
 * Reads a VPC Flow Log object line by line. A header line (AWS writes one at the top of each S3 object) sets the
 * field order; without one, the declared format or else the default (v2) order applies. A header seen again further
 * down (objects concatenated into one file) switches the order from there on.
 */
export class FlowLogReader {
  private layout?: FlowRecordLayout;
  private readonly lines: LineSplitter;

  constructor(
    private readonly collector: EventCollector,
    private readonly objectKey: string,
    private readonly hints: ObjectHints,
    private readonly declaredFields?: readonly string[],
  ) {
    this.lines = new LineSplitter((text, start, end, lineNumber) => this.line(text, start, end, lineNumber));
  }

  push(text: string): void {
    // Values read from a record are slices of the text and keep all of it alive while any of them is kept
    // (window state holds addresses for many minutes). The text is a slice of a chunk of hundreds of KB
    // (index.ts): joining it to a character and dropping that makes V8 copy it, so a kept value holds
    // this slice's copy, not the whole chunk.
    this.lines.push(("\n" + text).slice(1));
  }

  end(): void {
    this.lines.end();
  }

  /** The line is text[start, end): records are read in place, only headers and irregular lines are sliced out. */
  private line(text: string, start: number, end: number, lineNumber: number): void {
    if (end === start) return;
    if (this.layout === undefined || startsWithFieldName(text, start, end)) {
      const header = headerFields(text.slice(start, end));
      if (header) {
        this.layout = new FlowRecordLayout(header);
        return;
      }
      this.layout ??= this.declaredFields ? new FlowRecordLayout(this.declaredFields) : DEFAULT_LAYOUT;
    }
    const layout = this.layout;
    const origin = { object: this.objectKey, line: lineNumber };
    let event = layout.fromLine(text, start, end, origin, this.hints);
    if (event === undefined) {
      // Not single-space separated: blanks of any kind and length separate the values.
      const values = text.slice(start, end).trim().split(/\s+/);
      if (values.length === 1 && values[0] === "") return;
      if (values.length !== layout.fieldCount) {
        this.collector.broken(lineNumber, `expected ${layout.fieldCount} fields, found ${values.length}`);
        return;
      }
      event = layout.toEvent(values, origin, this.hints);
    }
    if (typeof event === "string") {
      this.collector.broken(lineNumber, event);
    } else if (event.logStatus === "NODATA") {
      // NODATA only says the interface was idle in the window: no flow, nothing any detection could use, so it is
      // counted as a record but not passed on. SKIPDATA is passed on: it marks flows AWS lost in that window, a gap
      // in what the detections saw that the data source's status should be able to show.
      this.collector.dropped();
    } else {
      this.collector.add(event);
    }
  }
}

/** Cheap pre-check before trying a line as a header: records never start with a field name. */
function startsWithFieldName(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  if (first < 0x61 || first > 0x7a) return false;
  const space = text.indexOf(" ", start);
  return isKnownField(text.slice(start, space === -1 || space > end ? end : space));
}
