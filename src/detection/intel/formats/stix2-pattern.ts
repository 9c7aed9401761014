/**
 * The part of the STIX 2.1 patterning language that a threat list can use: observation expressions
 * `[path = 'value']`, `ISSUBSET` (CIDR) and `IN ('a', 'b')`, joined by OR. Anything that needs
 * correlation (AND, FOLLOWEDBY, WITHIN/REPEATS/START qualifiers) or negation cannot be turned into a
 * list of entries and is reported as unsupported rather than approximated.
 */

export type Comparison = { path: string; value: string };
export type PatternResult = { comparisons: Comparison[] } | { reason: string };

type Token = { kind: "symbol" | "string" | "word"; text: string };

class UnsupportedPattern extends Error {}

const OPERATOR_CHARS = "=!<>";
const DELIMITERS = "()[],";
const CORRELATING_KEYWORDS = new Set(["AND", "FOLLOWEDBY"]);
const QUALIFIERS = new Set(["WITHIN", "REPEATS", "START", "STOP"]);

export function parseStixPattern(pattern: string): PatternResult {
  try {
    const parser = new PatternParser(tokenize(pattern));
    const comparisons = parser.parse();
    return { comparisons };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { reason: error instanceof UnsupportedPattern ? `unsupported pattern: ${message}` : `invalid STIX pattern: ${message}` };
  }
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i];
    if (/\s/.test(char)) {
      i++;
    } else if (DELIMITERS.includes(char)) {
      tokens.push({ kind: "symbol", text: char });
      i++;
    } else if (char === "'") {
      const [text, next] = readString(pattern, i);
      tokens.push({ kind: "string", text });
      i = next;
    } else if (OPERATOR_CHARS.includes(char)) {
      let j = i;
      while (j < pattern.length && OPERATOR_CHARS.includes(pattern[j])) j++;
      tokens.push({ kind: "symbol", text: pattern.slice(i, j) });
      i = j;
    } else {
      const next = readWord(pattern, i);
      tokens.push({ kind: "word", text: pattern.slice(i, next) });
      i = next;
    }
  }
  return tokens;
}

/** A quoted literal with \' and \\ escapes; returns its value and the index after the quote. */
function readString(pattern: string, open: number): [string, number] {
  let value = "";
  for (let i = open + 1; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\" && i + 1 < pattern.length) value += pattern[++i];
    else if (char === "'") return [value, i + 1];
    else value += char;
  }
  throw new Error("unterminated string literal");
}

/** Object paths may hold quoted keys and list indexes: file:hashes.'SHA-256', refs[*].name. */
function readWord(pattern: string, start: number): number {
  let i = start;
  while (i < pattern.length) {
    const char = pattern[i];
    if (char === "'") i = readString(pattern, i)[1];
    else if (char === "[" && i > start) i = pattern.indexOf("]", i) < 0 ? pattern.length : pattern.indexOf("]", i) + 1;
    else if (/\s/.test(char) || DELIMITERS.includes(char) || OPERATOR_CHARS.includes(char)) break;
    else i++;
  }
  return i;
}

class PatternParser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Comparison[] {
    if (this.tokens.length === 0) throw new Error("empty pattern");
    const comparisons = this.observations();
    if (this.position < this.tokens.length) throw new Error(`unexpected "${this.tokens[this.position].text}"`);
    return comparisons;
  }

  private observations(): Comparison[] {
    const comparisons = this.observation();
    while (this.peekWord("OR")) {
      this.position++;
      comparisons.push(...this.observation());
    }
    this.refuseCorrelation();
    return comparisons;
  }

  private observation(): Comparison[] {
    if (this.acceptSymbol("(")) {
      const inner = this.observations();
      this.expectSymbol(")");
      this.refuseQualifiers();
      return inner;
    }
    this.expectSymbol("[");
    const comparisons = this.comparisons();
    this.expectSymbol("]");
    this.refuseQualifiers();
    return comparisons;
  }

  private comparisons(): Comparison[] {
    const comparisons = this.comparisonTerm();
    while (this.peekWord("OR")) {
      this.position++;
      comparisons.push(...this.comparisonTerm());
    }
    this.refuseCorrelation();
    return comparisons;
  }

  private comparisonTerm(): Comparison[] {
    if (this.acceptSymbol("(")) {
      const inner = this.comparisons();
      this.expectSymbol(")");
      return inner;
    }
    const path = this.next("an object path");
    if (path.kind !== "word") throw new Error(`expected an object path, found "${path.text}"`);
    if (this.peekWord("NOT")) throw new UnsupportedPattern("negated comparisons (NOT)");
    const operator = this.next("an operator");
    const keyword = operator.text.toUpperCase();
    if (operator.text === "=" || keyword === "ISSUBSET") return [{ path: path.text, value: this.stringValue() }];
    if (keyword === "IN") return this.inList(path.text);
    throw new UnsupportedPattern(`operator "${operator.text}"`);
  }

  private inList(path: string): Comparison[] {
    this.expectSymbol("(");
    const comparisons = [{ path, value: this.stringValue() }];
    while (this.acceptSymbol(",")) comparisons.push({ path, value: this.stringValue() });
    this.expectSymbol(")");
    return comparisons;
  }

  private stringValue(): string {
    const token = this.next("a value");
    if (token.kind !== "string") throw new UnsupportedPattern(`non-string value ${token.text}`);
    return token.text;
  }

  private refuseCorrelation(): void {
    const token = this.tokens[this.position];
    if (token?.kind === "word" && CORRELATING_KEYWORDS.has(token.text.toUpperCase())) {
      throw new UnsupportedPattern(`${token.text.toUpperCase()} combinations cannot be matched as list entries`);
    }
  }

  private refuseQualifiers(): void {
    const token = this.tokens[this.position];
    if (token?.kind === "word" && QUALIFIERS.has(token.text.toUpperCase())) {
      throw new UnsupportedPattern(`${token.text.toUpperCase()} qualifiers`);
    }
  }

  private next(expected: string): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new Error(`expected ${expected} at the end of the pattern`);
    return token;
  }

  private peekWord(word: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === "word" && token.text.toUpperCase() === word;
  }

  private acceptSymbol(symbol: string): boolean {
    const token = this.tokens[this.position];
    if (token?.kind !== "symbol" || token.text !== symbol) return false;
    this.position++;
    return true;
  }

  private expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) {
      const found = this.tokens[this.position];
      throw new Error(`expected "${symbol}"${found ? `, found "${found.text}"` : " at the end of the pattern"}`);
    }
  }
}
