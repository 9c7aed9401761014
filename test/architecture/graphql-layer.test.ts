import { sourceFiles } from "./source-files";

// Transport talks to services only: a Prisma row type or a repository imported here would tie the
// API's shape to the tables.
const PERSISTENCE_IMPORT = /from\s+["'](?:\.\.\/)+(?:generated\/prisma|db)\//;

describe("src/graphql/ depends on services, not on persistence", () => {
  it("recognises an import of Prisma's generated client or of src/db/", () => {
    expect(PERSISTENCE_IMPORT.test('import type { Detector } from "../../generated/prisma/client.js";')).toBe(true);
    expect(PERSISTENCE_IMPORT.test('import { findingsPage } from "../../db/findings/finding-repository.js";')).toBe(true);
    expect(PERSISTENCE_IMPORT.test('import type { StoredDetector } from "../../services/detectors/detector-service.js";')).toBe(false);
  });

  it("no file under src/graphql/ imports src/generated/prisma or src/db/", () => {
    const offenders = sourceFiles("src/graphql").filter(({ text }) => PERSISTENCE_IMPORT.test(text)).map(({ file }) => file);
    expect(offenders).toEqual([]);
  });
});
