/**
 * Bytes to text, and the checks that tell "this is not a list at all" before any line is parsed:
 * compressed archives, binary data, and the HTML or XML error pages that a failed download or a
 * denied S3 request saves in place of the list.
 */

const SNIFF_LENGTH = 4096;
const HTML_START = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|title)[\s>]/i;
const ERROR_DOCUMENT = /^\s*(?:<\?xml[^>]*>\s*)?<Error>\s*<Code>([^<]{1,100})<\/Code>/;

export function byteLengthOf(content: string | Uint8Array): number {
  return typeof content === "string" ? Buffer.byteLength(content, "utf8") : content.byteLength;
}

/** The content as text, or why it cannot be a list. */
export function decodeListText(content: string | Uint8Array): { text: string } | { problem: string } {
  if (typeof content === "string") return { text: content.startsWith("\uFEFF") ? content.slice(1) : content };
  const [b0, b1, b2, b3] = content;
  if (b0 === 0x1f && b1 === 0x8b) return { problem: "the file is gzip-compressed: upload the uncompressed list" };
  if (b0 === 0x50 && b1 === 0x4b && b2 === 0x03 && b3 === 0x04) return { problem: "the file is a ZIP archive: upload the list itself" };
  if (b0 === 0xff && b1 === 0xfe) return { text: new TextDecoder("utf-16le").decode(content.subarray(2)) };
  if (b0 === 0xfe && b1 === 0xff) return { text: new TextDecoder("utf-16be").decode(content.subarray(2)) };
  // TextDecoder drops a UTF-8 byte-order mark by itself.
  return { text: new TextDecoder("utf-8").decode(content) };
}

/** Why the text is not a list of any format, or undefined when it may be one. */
export function notAListProblem(text: string): string | undefined {
  const head = text.slice(0, SNIFF_LENGTH);
  if (head.includes("\u0000")) return "the file holds binary data, not a text list";
  if (HTML_START.test(head)) return "the file is an HTML page, not a list (an error or login page was probably saved instead of the list)";
  const error = ERROR_DOCUMENT.exec(head);
  if (error) return `the file is an error response (${error[1]}), not a list`;
  return undefined;
}
