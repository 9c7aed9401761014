import { StringDecoder } from "node:string_decoder";

const BYTE_ORDER_MARK = "\uFEFF";

/** UTF-8 text of the byte chunks; a character split across two chunks is kept whole, a leading BOM dropped. */
export async function* textChunks(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let atStart = true;
  for await (const chunk of bytes) {
    let text = decoder.write(chunk);
    if (atStart && text.length > 0) {
      if (text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
      atStart = false;
    }
    if (text.length > 0) yield text;
  }
  const tail = decoder.end();
  if (tail.length > 0) yield tail;
}

export type Head = {
  /** At least `minChars` characters, unless the whole text is shorter. */
  text: string;
  /** The text after the head. */
  rest: AsyncIterator<string>;
  ended: boolean;
};

/** The start of the text, enough to tell the format, without losing what follows it. */
export async function readHead(chunks: AsyncIterable<string>, minChars: number): Promise<Head> {
  const rest = chunks[Symbol.asyncIterator]();
  const parts: string[] = [];
  let length = 0;
  while (length < minChars) {
    const next = await rest.next();
    if (next.done) return { text: parts.join(""), rest, ended: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { text: parts.join(""), rest, ended: false };
}
