/** Line-level helpers shared by the line-oriented formats. */

const MAX_REJECTED_TEXT = 120;

/** Calls visit(line, lineNumber) for every line, without its line break (\n or \r\n). */
export function forEachLine(text: string, visit: (line: string, lineNumber: number) => void): void {
  let start = 0;
  let lineNumber = 1;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    if (!(end === text.length && line === "")) visit(line, lineNumber);
    start = end + 1;
    lineNumber++;
  }
}

/** Comment lines as list publishers write them: `#`, `//` and `;`. */
export function isCommentLine(trimmed: string): boolean {
  return trimmed.startsWith("#") || trimmed.startsWith("//") || trimmed.startsWith(";");
}

/** Cuts long offending text so a rejected-lines report stays readable and small. */
export function truncate(text: string): string {
  return text.length > MAX_REJECTED_TEXT ? `${text.slice(0, MAX_REJECTED_TEXT)}…` : text;
}

/**
 * 1-based line numbers for character offsets, for formats parsed as a whole (JSON, XML) where a
 * rejection is located by searching the text. Newline offsets are collected on first use only.
 */
export class LineLocator {
  private newlines: number[] | undefined;
  private cursor = 0;

  constructor(private readonly text: string) {}

  /**
   * Line of `needle`, or 0 when it does not occur verbatim. Searches on from the previous hit first:
   * rejections are reported in document order, so a whole file costs about one pass, not one per hit.
   */
  lineOf(needle: string): number {
    if (needle === "") return 0;
    let offset = this.text.indexOf(needle, this.cursor);
    if (offset < 0) offset = this.text.indexOf(needle);
    if (offset < 0) return 0;
    this.cursor = offset;
    return this.lineAt(offset);
  }

  lineAt(offset: number): number {
    this.newlines ??= collectNewlines(this.text);
    let low = 0;
    let high = this.newlines.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.newlines[middle] < offset) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  }
}

function collectNewlines(text: string): number[] {
  const offsets: number[] = [];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) offsets.push(i);
  return offsets;
}
