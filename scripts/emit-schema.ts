// Writes schema.graphql from the type-graphql schema. test/graphql/schema-file.test.ts fails when it is stale.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { buildVigilSchema } from "../src/graphql/schema.js";
import { printVigilSchema } from "../src/graphql/print-schema.js";
import { createLocalPubSub } from "../src/realtime/pubsub.js";

buildVigilSchema(createLocalPubSub()).then((schema) => {
  writeFileSync(path.join(__dirname, "..", "schema.graphql"), printVigilSchema(schema));
});
