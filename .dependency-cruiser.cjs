// The layer rules of docs/DESIGN.md ("Layers"), checked by `npm run lint:deps` (part of `npm test`).
// Folder cycles are checked by scripts/folder-cycles.ts: dependency-cruiser's own `circular` works on
// modules, and its folder scope on every nesting level, while the rule is about the top-level folders.
// Violations that exist while the tree is being reorganised are listed in
// .dependency-cruiser-known-violations.json (`--ignore-known`); that list only ever shrinks.

/** Test code and test support may read fixtures and use real parsers; they are not part of the engine. */
const TEST_SUPPORT = "\\.test\\.ts$|/test-helpers\\.ts$|/testing/";

// zlib is not here: inflating a few bytes in memory is computation (the DNS rules test whether a label is
// compressed data); reading a gzip'd file needs fs, which is.
const NODE_IO = "^(node:)?(fs|net|http|https|http2|dns|dgram|tls|child_process|worker_threads)(/|$)";
const IO_PACKAGES = "node_modules/(ioredis|pg|bullmq|@prisma|@aws-sdk)/";
const PRISMA = "^src/(generated/prisma|db)/|node_modules/@prisma/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "detection-no-io",
      comment: "The engine is pure: normalized events in, finding candidates out. State stores are interfaces it declares; Redis and files live outside it.",
      severity: "error",
      from: { path: "^src/detection/", pathNot: TEST_SUPPORT },
      to: { path: [NODE_IO, IO_PACKAGES, "^src/(db|state|ingest|services|queues|generated)/"] },
    },
    {
      name: "transport-no-prisma",
      comment: "Resolvers and HTTP routes call services and present service types, never Prisma rows or the database.",
      severity: "error",
      from: { path: "^src/(graphql|http)/" },
      to: { path: PRISMA },
    },
    {
      name: "workers-no-graphql",
      comment: "Workers orchestrate services and the engine; GraphQL is the API's transport.",
      severity: "error",
      from: { path: "^workers/" },
      to: { path: ["^src/graphql/", "node_modules/(type-graphql|@apollo)/"] },
    },
    {
      name: "services-no-transport",
      comment: "Services hold the rules for every caller (API, CLI, workers), so they know nothing of GraphQL or HTTP.",
      severity: "error",
      from: { path: "^src/services/" },
      to: { path: "^src/(graphql|http)/" },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.test.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated/" },
  },
};
