/**
 * Cuts text chunks into lines, whatever the chunk boundaries. Each line is passed with its 1-based number and
 * without its line ending (LF or CRLF).
 */
export class LineSplitter {
  private partial = "";
  private lineNumber = 0;

  constructor(private readonly onLine: (line: string, lineNumber: number) => void) {}

  push(text: string): void {
    let start = 0;
    let newline = text.indexOf("\n");
    if (newline === -1) {
      this.partial += text;
      return;
    }
    if (this.partial.length > 0) {
      this.emit(this.partial + text.slice(0, newline));
      this.partial = "";
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    while (newline !== -1) {
      this.emit(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    this.partial = text.slice(start);
  }

  /** The last line, when the text does not end with a line break. */
  end(): void {
    if (this.partial.length > 0) this.emit(this.partial);
    this.partial = "";
  }

  private emit(line: string): void {
    this.lineNumber += 1;
    this.onLine(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line, this.lineNumber);
  }
}
