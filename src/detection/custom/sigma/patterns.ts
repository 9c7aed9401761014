/**
 * Sigma's string values: `*` and `?` wildcards (`\*`, `\?`, `\\` escape them), matched over the whole
 * text and case-insensitively unless `cased`. Plain, contains, startswith and endswith values become
 * a string comparison; only values with inner wildcards become a (linear-time) RE2 expression.
 */
import { RE2JS } from "re2js";

export type TextTest = (text: string) => boolean;

const STAR = Symbol("*");
const ONE = Symbol("?");
type Piece = string | typeof STAR | typeof ONE;

function wildcardPieces(value: string): Piece[] {
  const pieces: Piece[] = [];
  let literal = "";
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    const next = value[i + 1];
    if (char === "\\" && (next === "*" || next === "?" || next === "\\")) {
      literal += next;
      i++;
    } else if (char === "*" || char === "?") {
      if (literal) pieces.push(literal);
      literal = "";
      pieces.push(char === "*" ? STAR : ONE);
    } else literal += char;
  }
  if (literal) pieces.push(literal);
  return pieces;
}

export type Anchoring = "equals" | "contains" | "startswith" | "endswith";

/**
 * The test of one value. `wildcards` is false for values made by a transformation (base64), whose
 * characters are all literal.
 */
export function textTest(value: string, anchoring: Anchoring, cased: boolean, wildcards: boolean): TextTest {
  const pieces: Piece[] = wildcards ? wildcardPieces(value) : value ? [value] : [];
  if (anchoring === "contains" || anchoring === "endswith") pieces.unshift(STAR);
  if (anchoring === "contains" || anchoring === "startswith") pieces.push(STAR);
  const leading = pieces[0] === STAR;
  const trailing = pieces.length > 1 && pieces[pieces.length - 1] === STAR;
  const inner = pieces.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (inner.length <= 1 && inner.every((piece) => typeof piece === "string")) {
    const literal = inner.length === 0 ? "" : cased ? (inner[0] as string) : (inner[0] as string).toLowerCase();
    const fold = (text: string) => (cased ? text : text.toLowerCase());
    if (leading && trailing) return (text) => fold(text).includes(literal);
    if (leading) return (text) => fold(text).endsWith(literal);
    if (trailing) return (text) => fold(text).startsWith(literal);
    return (text) => fold(text) === literal;
  }
  const source = pieces.map((piece) => (piece === STAR ? ".*" : piece === ONE ? "." : RE2JS.quote(piece))).join("");
  const expression = RE2JS.compile(`^(?:${source})$`, RE2JS.DOTALL | (cased ? 0 : RE2JS.CASE_INSENSITIVE));
  return (text) => expression.test(text);
}

/** Sigma's `re`: an RE2 search (not anchored), with the `i`, `m` and `s` sub-modifiers; throws RE2's refusal. */
export function regexTest(pattern: string, flags: { i: boolean; m: boolean; s: boolean }): TextTest {
  const expression = RE2JS.compile(pattern, (flags.i ? RE2JS.CASE_INSENSITIVE : 0) | (flags.m ? RE2JS.MULTILINE : 0) | (flags.s ? RE2JS.DOTALL : 0));
  return (text) => expression.matcher(text).find();
}
