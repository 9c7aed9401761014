import { readFileSync } from "node:fs";
import path from "node:path";
import { silence, startListServer, streamLines, text, type ListServer } from "./support/list-server";
import { eventually, INTEL_FIXTURES, startListsHarness, type Harness, type TestAccount } from "./support/lists-harness";

const MB = 1024 * 1024;
const HTML_ERROR_PAGE = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n";

/** Each bad input ends in ERROR (or a partial load) with a message naming what is wrong — never a crash, never half a list. */
describe("bad list input", () => {
  let server: ListServer;
  let harness: Harness;
  let owner: TestAccount;

  beforeAll(async () => {
    server = await startListServer({
      "/empty.txt": text(""),
      "/comments.txt": text("# nothing yet\n\n// still nothing\n"),
      "/error.html": text(HTML_ERROR_PAGE, "text/html"),
      "/huge-declared.txt": streamLines(300 * MB, true),
      "/huge-chunked.txt": streamLines(300 * MB, false),
      "/hangs.txt": silence,
      "/email-only.json": text(readFileSync(path.join(INTEL_FIXTURES, "stix21_email_only.json"), "utf8"), "application/json"),
    });
    // The guard is off so the local test server can be reached; the defaults keep GuardDuty's 35 MB limit.
    harness = await startListsHarness({ lists: { allowHttp: true, allowPrivateAddresses: true, fetchTimeoutMs: 1500 } });
    owner = await harness.account();
  });

  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  async function settle(source: { location?: string; content?: string }, format: "TXT" | "STIX" | "FIRE_EYE" = "TXT") {
    const list = await harness.services.intelLists.create(owner.actor, "THREAT", owner.detectorId, { name: `list ${Math.random()}`, format, activate: true, ...source });
    const settled = await harness.listReaching(list.id, ["ACTIVE", "ERROR"]);
    await harness.services.intelLists.delete(owner.actor, "THREAT", owner.detectorId, list.id);
    return settled;
  }

  it.each([
    ["an empty file", "/empty.txt", "the file is empty"],
    ["only comment lines", "/comments.txt", "holds no entries"],
    ["an HTML error page instead of a list", "/error.html", "HTML page"],
    ["a URL that never answers", "/hangs.txt", "no complete answer within 1.5 s"],
    ["a missing file", "/missing.txt", "HTTP 404"],
  ])("%s ends in ERROR", async (_case, route, message) => {
    const list = await settle({ location: `${server.origin}${route}` });
    expect(list).toMatchObject({ status: "ERROR", entryCount: 0, entries: null, statusMessage: expect.stringContaining(message) });
  });

  it.each([
    ["declares its size", "/huge-declared.txt", "over the 35.0 MB limit"],
    ["streams without a size", "/huge-chunked.txt", "larger than the 35.0 MB limit"],
  ])("a 300 MB file that %s is refused before the download completes", async (_case, route, message) => {
    const list = await settle({ location: `${server.origin}${route}` });
    expect(list).toMatchObject({ status: "ERROR", statusMessage: expect.stringContaining(message) });
    // The connection was dropped: far less than the file was sent (socket buffers allow a little over the limit).
    expect(server.bytesSent.get(route) ?? 0).toBeLessThan(100 * MB);
  });

  it("a STIX bundle with only unsupported patterns ends in ERROR naming them", async () => {
    const list = await settle({ location: `${server.origin}/email-only.json` }, "STIX");
    expect(list.status).toBe("ERROR");
    expect(list.statusMessage).toMatch(/no valid entry.*2 rejected.*line 33.*MATCHES/);
  });

  it("a file in another format than declared ends in ERROR", async () => {
    const list = await settle({ content: "45.154.244.193\n2.57.122.53\n" }, "FIRE_EYE");
    expect(list).toMatchObject({ status: "ERROR", entryCount: 0 });
    expect(list.statusMessage).toMatch(/header/i);
  });

  it("bad, invalid and duplicate lines give a partial load that counts and names them", async () => {
    const content = ["# mixed", "45.154.244.193", "999.1.1.1", "45.154.244.193", "evil-c2.xyz", "not a list line at all", "2a0b:4140:0000::/48", ""].join("\n");
    const list = await settle({ content });
    expect(list).toMatchObject({ status: "ACTIVE", entryCount: 3, rejectedCount: 2 });
    expect(list.statusMessage).toContain('line 3 "999.1.1.1"');
    expect(list.statusMessage).toContain('line 6 "not a list line at all"');
    expect(list.statusMessage).toContain("1 duplicate entry merged");
  });

  it("a list re-activated with bad content leaves nothing of the old one in force", async () => {
    const list = await harness.services.intelLists.create(owner.actor, "THREAT", owner.detectorId, { name: "flip", format: "TXT", content: "45.154.244.193\n", activate: true });
    await harness.listReaching(list.id, ["ACTIVE"]);
    await eventually(() => (harness.services.intel.matchIp(owner.accountId, "45.154.244.193").length > 0 ? true : undefined));

    await harness.services.intelLists.update(owner.actor, "THREAT", owner.detectorId, list.id, { content: HTML_ERROR_PAGE });
    expect(await harness.listReaching(list.id, ["ERROR"])).toMatchObject({ entryCount: 0, entries: null });
    await eventually(() => (harness.services.intel.matchIp(owner.accountId, "45.154.244.193").length === 0 ? true : undefined));
  });
});
