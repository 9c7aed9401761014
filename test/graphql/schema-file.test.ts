import { readFileSync } from "node:fs";
import path from "node:path";
import { printVigilSchema } from "../../src/graphql/print-schema";
import { buildVigilSchema } from "../../src/graphql/schema";
import { createLocalPubSub } from "../../src/realtime/pubsub";

describe("schema.graphql", () => {
  it("matches the schema the resolvers build (run `npm run schema:emit` after changing the API)", async () => {
    const committed = readFileSync(path.join(__dirname, "..", "..", "schema.graphql"), "utf8");
    expect(printVigilSchema(await buildVigilSchema(createLocalPubSub()))).toBe(committed);
  });
});
