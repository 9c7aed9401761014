import { buildSchema, parse, validate } from "graphql";
import { loadSettings } from "../../config.js";
import { requestLimitsRule } from "./limits-rule.js";

const schema = buildSchema(`
  type Item { id: ID! tags: [String!]! children: [Item!]! }
  type ItemPage { items: [Item!]! nextCursor: String }
  type Query { page(first: Int): ItemPage! all: [Item!]! }
`);

/** The cost the rule computes, read back from its refusal under a limit of zero. */
function costOf(query: string): number {
  const limits = { ...loadSettings({}).requestLimits, maxCost: 0, listSize: 10 };
  const refusal = validate(schema, parse(query), [requestLimitsRule(limits)]).find((error) => error.extensions.code === "QUERY_TOO_COMPLEX");
  return Number(/about (\d+) fields/.exec(refusal?.message ?? "")?.[1]);
}

describe("request cost", () => {
  it("multiplies the items of a page by its page size, and a variable page size by the largest page", () => {
    expect(costOf(`{ page(first: 2) { items { id } } }`)).toBe(1 + 1 + 2 * 1);
    expect(costOf(`query($n: Int) { page(first: $n) { items { id } } }`)).toBe(1 + 1 + 50 * 1);
  });

  it("counts an unbounded list as the configured list size, nested lists multiplying", () => {
    expect(costOf(`{ all { id children { id } } }`)).toBe(1 + 10 * (1 + 1 + 10 * 1));
  });

  it("counts a fragment where it is spread, as often as it is spread", () => {
    expect(costOf(`{ all { ...F } a: all { ...F } } fragment F on Item { id tags }`)).toBe(2 * (1 + 10 * 2));
  });
});
