import { folderCycles, folderEdges, topFolderOf } from "../../scripts/folder-cycles/folder-graph";

const file = (source: string, ...targets: string[]) => ({ source, dependencies: targets.map((resolved) => ({ resolved })) });

describe("the folder graph behind the no-folder-cycle rule", () => {
  it("collapses modules to their top-level folder, keeps files of src/ apart and leaves test support out", () => {
    expect(topFolderOf("src/services/findings/criteria/criteria.ts")).toBe("src/services");
    expect(topFolderOf("src/config.ts")).toBe("src/config.ts");
    expect(topFolderOf("workers/publish.ts")).toBe("workers");
    expect(topFolderOf("node_modules/bullmq/dist/index.js")).toBeUndefined();
    expect(topFolderOf("src/ingest/parsers/dns.test.ts")).toBeUndefined();
    expect(topFolderOf("src/detection/testing/cloudtrail.ts")).toBeUndefined();
    expect(topFolderOf("src/ingest/parsers/test-helpers.ts")).toBeUndefined();
  });

  it("finds a cycle made by different modules of two folders, which module-level cycle checks miss", () => {
    const edges = folderEdges([file("src/services/a.ts", "src/realtime/x.ts"), file("src/realtime/y.ts", "src/services/b.ts"), file("src/services/b.ts", "src/db/prisma.ts")]);
    expect(folderCycles(edges)).toEqual([["src/realtime", "src/services"]]);
  });

  it("finds a cycle through three folders and reports each group once", () => {
    const edges = folderEdges([file("src/a/1.ts", "src/b/1.ts"), file("src/b/1.ts", "src/c/1.ts"), file("src/c/2.ts", "src/a/2.ts"), file("src/d/1.ts", "src/a/1.ts")]);
    expect(folderCycles(edges)).toEqual([["src/a", "src/b", "src/c"]]);
  });

  it("sees no cycle in a layered graph, nor in imports inside one folder", () => {
    const edges = folderEdges([
      file("workers/process.ts", "src/ingest/index.ts", "src/services/index.ts"),
      file("src/services/index.ts", "src/services/findings/finding-feed.ts", "src/ingest/lists/address-guard.ts"),
      file("src/services/findings/finding-feed.ts", "src/services/errors.ts"),
      file("src/ingest/index.ts", "src/detection/events.ts"),
    ]);
    expect(folderCycles(edges)).toEqual([]);
  });

  it("ignores an import from test support that would otherwise close a cycle", () => {
    const edges = folderEdges([file("src/ingest/parsers/index.ts", "src/detection/events.ts"), file("src/detection/testing/cloudtrail.ts", "src/ingest/parsers/index.ts")]);
    expect(folderCycles(edges)).toEqual([]);
  });

  it("drops a folder pair listed as known, and only that pair", () => {
    const modules = [file("src/ingest/parsers/index.ts", "src/detection/events.ts"), file("src/detection/evaluation/records.ts", "src/ingest/parsers/index.ts")];
    expect(folderCycles(folderEdges(modules))).toEqual([["src/detection", "src/ingest"]]);
    expect(folderCycles(folderEdges(modules, new Set(["src/detection -> src/ingest"])))).toEqual([]);
    expect(folderCycles(folderEdges(modules, new Set(["src/services -> src/ingest"])))).toEqual([["src/detection", "src/ingest"]]);
  });
});
