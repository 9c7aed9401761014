import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { FileCompleteness } from "./file-completeness";

const document = JSON.stringify({ Records: [{ eventName: "A", note: 'a "quoted" } ] brace' }, { eventName: "B", nested: { list: [1, [2, 3]] } }] });

describe("whether a file in a local folder holds a whole log object", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "vigil-completeness-"));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  let counter = 0;
  const verdict = async (content: string | Buffer, completeness = new FileCompleteness()) => {
    const file = path.join(folder, `f${counter++}`);
    await writeFile(file, content);
    const stats = await stat(file);
    return completeness.of(file, { size: stats.size, modified: stats.mtimeMs });
  };

  it("takes a gzip member inflated to its trailer as whole, and every shorter prefix as cut short", async () => {
    const gzipped = gzipSync(document);
    expect(await verdict(gzipped)).toBe("whole");
    for (const cut of [1, 2, 10, gzipped.length - 8, gzipped.length - 1]) expect(await verdict(gzipped.subarray(0, cut))).toBe("partial");
  });

  it("takes a JSON document whose top-level value closes as whole, whatever brackets its strings hold", async () => {
    expect(await verdict(`${document}\n`)).toBe("whole");
    expect(await verdict("[]")).toBe("whole");
    // Every prefix that ends inside the document, including right after an inner closing bracket.
    for (let cut = 1; cut < document.length; cut += 7) expect(await verdict(document.slice(0, cut))).toBe("partial");
    expect(await verdict(document.slice(0, document.lastIndexOf("}")))).toBe("partial");
  });

  it("cannot tell for an empty file (partial), plain text, NDJSON or a document with something after it", async () => {
    expect(await verdict("")).toBe("partial");
    expect(await verdict("2 123456789012 eni-1 10.0.0.1 10.0.0.2 443 5000 6 1 40 1 2 ACCEPT OK\n")).toBe("unknown");
    expect(await verdict('{"query_name":"a.example."}\n{"query_name":"b.')).toBe("unknown");
    expect(await verdict(`${document} trailing`)).toBe("unknown");
  });

  it("remembers a verdict until the file's size or modification time changes", async () => {
    const completeness = new FileCompleteness();
    const file = path.join(folder, "growing.json");
    await writeFile(file, document.slice(0, 20));
    const first = await stat(file);
    expect(await completeness.of(file, { size: first.size, modified: first.mtimeMs })).toBe("partial");
    await writeFile(file, document);
    const second = await stat(file);
    expect(await completeness.of(file, { size: second.size, modified: second.mtimeMs })).toBe("whole");
  });
});
