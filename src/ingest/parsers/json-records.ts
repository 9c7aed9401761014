import { JsonElementSplitter } from "./json-element-splitter.js";
import { LineSplitter } from "./line-splitter.js";

/**
 * How JSON records are laid out in an object:
 * - `records`: CloudTrail as delivered to S3, `{"Records":[…]}`;
 * - `array`: a JSON array of records;
 * - `lines`: one record per line (NDJSON);
 * - `sequence`: records one after another, pretty-printed (a single record copied from the CloudWatch console is one).
 */
export type JsonShape = "records" | "array" | "lines" | "sequence";

const RECORDS_START = /^\s*\{\s*"Records"\s*:\s*\[/;
const ARRAY_START = /^\s*\[/;

/** The shape of a JSON object from its first characters, or undefined when the text is not JSON records. */
export function jsonShape(head: string): JsonShape | undefined {
  if (RECORDS_START.test(head)) return "records";
  if (ARRAY_START.test(head)) return "array";
  const start = head.trimStart();
  if (!start.startsWith("{")) return undefined;
  // Pretty-printers put the opening brace alone on the first line; NDJSON never does.
  const firstLineEnd = start.indexOf("\n");
  return firstLineEnd !== -1 && start.slice(0, firstLineEnd).trim() === "{" ? "sequence" : "lines";
}

export type JsonRecordHandlers = {
  /** A record that parsed to a JSON object; `line` is its line (`lines`) or 1-based index (other shapes). */
  record(value: Record<string, unknown>, line: number): void;
  broken(line: number | undefined, message: string): void;
  /** A problem of the object as a whole that costs no record. */
  report(message: string): void;
  /** For `lines`: reads a line without JSON.parse when it can, saying whether it did (else it is parsed). */
  line?(text: string, line: number): boolean;
};

/** Feeds text chunks of one object in a given shape and hands out each record parsed. */
export class JsonRecordReader {
  private readonly splitter?: JsonElementSplitter;
  private readonly lines?: LineSplitter;
  private startPending: boolean;

  constructor(
    private readonly shape: JsonShape,
    private readonly handlers: JsonRecordHandlers,
  ) {
    this.startPending = shape === "records" || shape === "array";
    if (shape === "lines") {
      this.lines = new LineSplitter((text, start, end, lineNumber) => this.line(text.slice(start, end), lineNumber));
    } else {
      this.splitter = new JsonElementSplitter(shape === "sequence" ? "sequence" : "array", {
        element: (text, index) => this.parse(text, index),
        incomplete: (index) => handlers.broken(index, `record ${index} is cut off: the object ends inside it`),
      });
    }
  }

  /** The first push must hold the array's opening (the caller reads a head of several KB before choosing a shape). */
  push(text: string): void {
    if (this.startPending) {
      this.startPending = false;
      const opening = (this.shape === "records" ? RECORDS_START : ARRAY_START).exec(text);
      if (!opening) throw new Error(`text does not open a ${this.shape} shape`);
      text = text.slice(opening[0].length);
    }
    if (this.lines) this.lines.push(text);
    else this.splitter!.push(text);
  }

  end(): void {
    if (this.lines) {
      this.lines.end();
      return;
    }
    const splitter = this.splitter!;
    splitter.end();
    if (this.shape === "sequence") return;
    if (!splitter.arrayClosed) {
      this.handlers.report("the records array is not closed: the object looks truncated");
      return;
    }
    const expectedAfter = this.shape === "records" ? "}" : "";
    if (splitter.textAfterArray !== expectedAfter) {
      this.handlers.report(`unexpected text after the records array: ${JSON.stringify(splitter.textAfterArray)}`);
    }
  }

  private line(line: string, lineNumber: number): void {
    if (this.handlers.line?.(line, lineNumber)) return;
    if (line.trim().length === 0) return;
    this.parse(line, lineNumber);
  }

  private parse(text: string, line: number): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.handlers.broken(line, `not valid JSON: ${(error as Error).message}`);
      return;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.handlers.broken(line, "not a JSON object");
      return;
    }
    this.handlers.record(value as Record<string, unknown>, line);
  }
}
