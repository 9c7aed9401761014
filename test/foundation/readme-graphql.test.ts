import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, type DefinitionNode, Kind, parse, validate } from "graphql";

const ROOT = path.join(__dirname, "..", "..");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const SCHEMA = buildSchema(readFileSync(path.join(ROOT, "schema.graphql"), "utf8"));

type Example = { line: number; text: string };

const lineOf = (index: number) => README.slice(0, index).split("\n").length;

/** Every GraphQL document the README shows: its ```graphql blocks and the "query" strings of its curl bodies. */
function graphqlExamples(): Example[] {
  const blocks = [...README.matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((m) => ({ line: lineOf(m.index), text: m[1] }));
  const curlBodies = [...README.matchAll(/"query"\s*:\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => ({ line: lineOf(m.index), text: JSON.parse(`"${m[1]}"`) as string }));
  return [...blocks, ...curlBodies];
}

// A block may hold several anonymous operations side by side, as alternatives; each must stand as a request of its own.
const requestsOf = (example: Example): DefinitionNode[] => [...parse(example.text).definitions];

describe("README's GraphQL examples", () => {
  const examples = graphqlExamples();

  it("finds the examples it checks", () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples.map((example) => [example.line, example] as const))("line %i parses and validates against schema.graphql", (_line, example) => {
    const errors = requestsOf(example).flatMap((definition) => validate(SCHEMA, { kind: Kind.DOCUMENT, definitions: [definition] }).map((error) => error.message));
    expect(errors).toEqual([]);
  });
});
