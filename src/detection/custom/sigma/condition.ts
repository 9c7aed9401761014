/**
 * The `condition` grammar: selection names, `and`, `or`, `not`, parentheses, `1 of pattern*`,
 * `all of pattern*`, `1 of them` / `all of them` (them: every selection not starting with "_"), and
 * one trailing aggregation `| count([field]) [by f1, f2] > N` (or >=). Precedence: not, and, or.
 * The whole condition is compiled into one closure tree before any event is seen.
 */
import type { Fail } from "./errors.js";
import type { RecordTest } from "./field-test.js";

export type Aggregation = {
  /** count(field): distinct values of the field; count(): events. */
  distinctField?: string;
  groupBy: string[];
  /** Fires when the count is at least this (`> N` is `N + 1`). */
  atLeast: number;
};

export type CompiledCondition = { test: RecordTest; aggregation?: Aggregation };

const PATH = ["detection", "condition"];

function patternTest(pattern: string): (name: string) => boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  const expression = new RegExp(`^${escaped}$`);
  return (name) => expression.test(name);
}

class ConditionParser {
  private position = 0;

  constructor(
    private readonly tokens: readonly string[],
    private readonly selections: ReadonlyMap<string, RecordTest>,
    private readonly fail: Fail,
  ) {}

  parse(): RecordTest {
    const test = this.or();
    if (this.position < this.tokens.length) this.fail(PATH, `unexpected '${this.tokens[this.position]}'`);
    return test;
  }

  private peek(): string | undefined {
    return this.tokens[this.position]?.toLowerCase();
  }

  private next(what: string): string {
    const token = this.tokens[this.position++];
    return token ?? this.fail(PATH, `ends where ${what} was expected`);
  }

  private or(): RecordTest {
    const parts = [this.and()];
    while (this.peek() === "or") {
      this.position++;
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0]! : (record) => parts.some((part) => part(record));
  }

  private and(): RecordTest {
    const parts = [this.unary()];
    while (this.peek() === "and") {
      this.position++;
      parts.push(this.unary());
    }
    return parts.length === 1 ? parts[0]! : (record) => parts.every((part) => part(record));
  }

  private unary(): RecordTest {
    const token = this.next("a selection");
    const lower = token.toLowerCase();
    if (lower === "not") {
      const inner = this.unary();
      return (record) => !inner(record);
    }
    if (token === "(") {
      const inner = this.or();
      if (this.next("')'") !== ")") this.fail(PATH, "a '(' is not closed");
      return inner;
    }
    if ((lower === "1" || lower === "all") && this.peek() === "of") {
      this.position++;
      return this.quantified(lower === "all", this.next("a selection pattern or 'them'"));
    }
    if (/^\d+$/.test(lower) && this.peek() === "of") this.fail(PATH, `'${token} of' is not supported: use '1 of' or 'all of'`);
    if (["and", "or", ")", "of", "them"].includes(lower)) this.fail(PATH, `unexpected '${token}'`);
    return this.selections.get(token) ?? this.fail(PATH, `names no selection '${token}'`);
  }

  private quantified(all: boolean, pattern: string): RecordTest {
    const matches = pattern.toLowerCase() === "them" ? (name: string) => !name.startsWith("_") : patternTest(pattern);
    const parts = [...this.selections].filter(([name]) => matches(name)).map(([, test]) => test);
    if (parts.length === 0) this.fail(PATH, `'${pattern}' matches no selection`);
    return all ? (record) => parts.every((part) => part(record)) : (record) => parts.some((part) => part(record));
  }
}

function parseAggregation(text: string, fail: Fail): Aggregation {
  const match = /^count\(\s*([\w.-]*)\s*\)\s*(?:by\s+([\w.-]+(?:\s*,\s*[\w.-]+)*)\s*)?(>=|>|<=|<|=|==)\s*(\d+)$/i.exec(text.trim());
  if (!match) {
    if (/^near\b/i.test(text.trim())) fail(PATH, "'near' correlations are deprecated in Sigma and not supported");
    return fail(PATH, `aggregation '${text.trim()}' is not supported: use '| count([field]) [by field, …] > N'`);
  }
  const [, field, by, operator, number] = match;
  if (operator !== ">" && operator !== ">=") {
    fail(PATH, `'${operator}' is not supported: a window can only tell that a count reached a number, so use '>' or '>='`);
  }
  const limit = Number(number);
  return {
    distinctField: field || undefined,
    groupBy: by ? by.split(",").map((name) => name.trim()) : [],
    atLeast: operator === ">" ? limit + 1 : limit,
  };
}

export function compileCondition(condition: string, selections: ReadonlyMap<string, RecordTest>, fail: Fail): CompiledCondition {
  const bar = condition.indexOf("|");
  const expression = bar < 0 ? condition : condition.slice(0, bar);
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  if (tokens.length === 0) fail(PATH, "is empty");
  const test = new ConditionParser(tokens, selections, fail).parse();
  return bar < 0 ? { test } : { test, aggregation: parseAggregation(condition.slice(bar + 1), fail) };
}
