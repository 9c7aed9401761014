/**
 * Cuts text chunks into lines, whatever the chunk boundaries. Each line is passed as a range of a text — the chunk
 * itself, or for a line spread over chunks its joined pieces — without its line ending (LF or CRLF), with its 1-based
 * number. Readers that parse a line in place need no copy of it; the others slice it (`text.slice(start, end)`).
 */
export type OnLine = (text: string, start: number, end: number, lineNumber: number) => void;

export class LineSplitter {
  private partial = "";
  private lineNumber = 0;

  constructor(private readonly onLine: OnLine) {}

  push(text: string): void {
    let start = 0;
    let newline = text.indexOf("\n");
    if (newline === -1) {
      this.partial += text;
      return;
    }
    if (this.partial.length > 0) {
      const line = this.partial + text.slice(0, newline);
      this.partial = "";
      this.emit(line, 0, line.length);
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    while (newline !== -1) {
      this.emit(text, start, newline);
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    this.partial = text.slice(start);
  }

  /** The last line, when the text does not end with a line break. */
  end(): void {
    const line = this.partial;
    this.partial = "";
    if (line.length > 0) this.emit(line, 0, line.length);
  }

  private emit(text: string, start: number, end: number): void {
    this.lineNumber += 1;
    this.onLine(text, start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end, this.lineNumber);
  }
}
