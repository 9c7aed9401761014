import { Lexer, Source, TokenKind } from "graphql";
import type { RequestLimitSettings } from "../../config.js";
import { RequestLimitError } from "./request-limits.js";

/**
 * Size and token count of the raw query text, checked before parsing: the lexer stops at the limit,
 * so an oversized document costs no more than the limit to refuse.
 */
export function checkDocumentSize(query: string, limits: RequestLimitSettings): RequestLimitError | undefined {
  if (Buffer.byteLength(query, "utf8") > limits.maxDocumentBytes) {
    return new RequestLimitError(`The query is larger than ${limits.maxDocumentBytes} bytes.`, "DOCUMENT_TOO_LARGE", limits.maxDocumentBytes);
  }
  const lexer = new Lexer(new Source(query));
  try {
    for (let tokens = 0; lexer.advance().kind !== TokenKind.EOF; tokens += 1) {
      if (tokens >= limits.maxTokens) {
        return new RequestLimitError(`The query has more than ${limits.maxTokens} tokens.`, "TOO_MANY_TOKENS", limits.maxTokens);
      }
    }
  } catch {
    // A lexical error is the parser's to report, with its position.
  }
  return undefined;
}
