const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * - `array`: the text starts just after an array's `[`; elements are separated by commas and the array ends at its `]`.
 * - `sequence`: top-level values one after another (concatenated or pretty-printed objects).
 */
export type SplitMode = "array" | "sequence";

export type SplitterEvents = {
  /** A complete top-level element, as text, with its 1-based index. */
  element(text: string, index: number): void;
  /** The text ended inside an element. */
  incomplete(index: number): void;
};

/**
 * Cuts the top-level elements out of a JSON text fed in chunks, so that each can be JSON.parse'd alone and a large
 * object never has to be held whole. It only tracks strings, escapes and nesting depth; validating an element is
 * JSON.parse's job. Chunks may split anything, even an escape sequence.
 *
 * Speed matters here (this sits on every CloudTrail byte): strings, most of a record, are skipped with indexOf; only
 * the characters between strings are looked at one by one; the state lives in locals inside push().
 */
export class JsonElementSplitter {
  private depth = 0;
  private inElement = false;
  private inString = false;
  private inScalar = false;
  /** The previous chunk ended just after a backslash inside a string. */
  private escapeNext = false;
  /** Text of the current element from earlier chunks. */
  private pieces: string[] = [];
  private count = 0;
  private closed = false;
  private after = "";

  constructor(
    private readonly mode: SplitMode,
    private readonly events: SplitterEvents,
  ) {}

  /** Array mode: the closing bracket has been seen. */
  get arrayClosed(): boolean {
    return this.closed;
  }

  /** Array mode: the start of any non-blank text after the closing bracket, for the caller to judge. */
  get textAfterArray(): string {
    return this.after;
  }

  push(text: string): void {
    if (this.closed) {
      this.noteTextAfter(text, 0);
      return;
    }
    const n = text.length;
    const isArray = this.mode === "array";
    let depth = this.depth;
    let inString = this.inString;
    let inScalar = this.inScalar;
    let start = this.inElement ? 0 : -1;
    let i = 0;
    if (this.escapeNext) {
      this.escapeNext = false;
      i = 1;
    }
    while (i < n) {
      if (inString) {
        const end = stringEnd(text, i);
        if (end === -1) {
          this.escapeNext = endsInsideEscape(text, i, n);
          i = n;
          break;
        }
        inString = false;
        i = end + 1;
        if (depth === 0) {
          this.emit(text, start, i);
          start = -1;
        }
        continue;
      }
      if (inScalar) {
        while (i < n && !endsScalar(text.charCodeAt(i))) i++;
        if (i < n) {
          inScalar = false;
          this.emit(text, start, i);
          start = -1;
        }
        continue;
      }
      if (depth > 0) {
        for (; i < n; i++) {
          const c = text.charCodeAt(i);
          if (c === QUOTE) break;
          if (c === OPEN_BRACE || c === OPEN_BRACKET) {
            depth++;
          } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) {
            break;
          }
        }
        if (i === n) break;
        if (depth === 0) {
          i++;
          this.emit(text, start, i);
          start = -1;
        } else {
          inString = true;
          i++;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (isBlank(c) || (isArray && c === COMMA)) {
        i++;
        continue;
      }
      if (isArray && c === CLOSE_BRACKET) {
        this.closed = true;
        this.noteTextAfter(text, i + 1);
        break;
      }
      start = i;
      this.inElement = true;
      i++;
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth = 1;
      else if (c === QUOTE) inString = true;
      else inScalar = true;
    }
    if (this.inElement) this.pieces.push(text.slice(start));
    this.depth = depth;
    this.inString = inString;
    this.inScalar = inScalar;
  }

  end(): void {
    if (this.inScalar) {
      // A bare value at the very end (e.g. `true` in a sequence) has no delimiter after it.
      this.inScalar = false;
      this.emit("", 0, 0);
    }
    if (this.inElement) {
      this.events.incomplete(this.count + 1);
      this.inElement = false;
      this.pieces = [];
    }
  }

  private emit(text: string, start: number, end: number): void {
    const own = text.slice(start, end);
    const element = this.pieces.length > 0 ? this.pieces.join("") + own : own;
    this.pieces = [];
    this.inElement = false;
    this.count += 1;
    this.events.element(element, this.count);
  }

  private noteTextAfter(text: string, from: number): void {
    if (this.after.length >= 64) return;
    const rest = text.slice(from).trim();
    if (rest.length > 0) this.after = (this.after + rest).slice(0, 64);
  }
}

/** Index of the quote that closes a string whose content starts at `from`, or -1 when it is not in this text. */
function stringEnd(text: string, from: number): number {
  let quote = text.indexOf('"', from);
  while (quote !== -1) {
    let before = quote - 1;
    while (before >= from && text.charCodeAt(before) === BACKSLASH) before--;
    // An even run of backslashes escapes itself, not the quote.
    if (((quote - 1 - before) & 1) === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

/** Whether the text ends with an unfinished escape, so the next chunk's first character is escaped. */
function endsInsideEscape(text: string, from: number, n: number): boolean {
  let before = n - 1;
  while (before >= from && text.charCodeAt(before) === BACKSLASH) before--;
  return ((n - 1 - before) & 1) === 1;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function endsScalar(c: number): boolean {
  return isBlank(c) || c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || c === OPEN_BRACE || c === OPEN_BRACKET || c === QUOTE;
}
