import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InvalidInputError } from "../../src/services/errors";
import { S3RVER_CREDENTIALS, startTestS3, type TestS3 } from "../ingest/support/s3-server";
import { redirectTo, startListServer, text, type ListServer } from "./support/list-server";
import { eventually, startListsHarness, type Harness, type TestAccount } from "./support/lists-harness";

describe("list locations", () => {
  let folder: string;
  let server: ListServer;
  let s3: TestS3;
  let open: Harness; // the SSRF guard off (for the local test server)
  let guarded: Harness; // defaults: guard on
  let owner: TestAccount;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), "vigil-lists-"));
    server = await startListServer({
      "/list.txt": text("198.51.100.23\n"),
      "/r1": redirectTo("/list.txt"),
      "/r2": redirectTo("/r1"),
      "/r3": redirectTo("/r2"),
      "/r4": redirectTo("/r3"),
    });
    s3 = await startTestS3();
    const s3Settings = { endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: S3RVER_CREDENTIALS };
    open = await startListsHarness({
      lists: { allowHttp: true, allowPrivateAddresses: true, maxRedirects: 3, fileDirs: [path.join(folder, "allowed")], s3: s3Settings, s3Buckets: ["threat-lists"] },
    });
    guarded = await startListsHarness({ lists: { allowHttp: true } });
    owner = await open.account();
  });

  afterAll(async () => {
    await open.close();
    await guarded.close();
    await s3.close();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function activate(harness: Harness, account: TestAccount, location: string) {
    const list = await harness.services.intelLists.create(account.actor, "THREAT", account.detectorId, { name: `list ${Math.random()}`, format: "TXT", location, activate: true });
    const settled = await harness.listReaching(list.id, ["ACTIVE", "ERROR"]);
    // Lists are capped per account: this one makes room for the next (DELETE_PENDING does not count).
    await harness.services.intelLists.delete(account.actor, "THREAT", account.detectorId, list.id);
    return settled;
  }

  it("reads an http(s) URL, following redirects up to the limit", async () => {
    expect(await activate(open, owner, `${server.origin}/r3`)).toMatchObject({ status: "ACTIVE", entryCount: 1 });
    const tooMany = await activate(open, owner, `${server.origin}/r4`);
    expect(tooMany).toMatchObject({ status: "ERROR", statusMessage: expect.stringContaining("more than 3 redirects") });
  });

  it("reads an object from an S3-compatible store, and names a missing one", async () => {
    await s3.createBucket("threat-lists");
    await s3.put("threat-lists", "team/bad ips.txt", "203.0.113.0/24\n2001:db8::/32\n192.0.2.9\n");

    const loaded = await activate(open, owner, "s3://threat-lists/team/bad%20ips.txt");
    expect(loaded).toMatchObject({ status: "ACTIVE", entryCount: 3, entryKinds: expect.arrayContaining(["cidr4", "cidr6", "ipv4"]) });
    const missing = await activate(open, owner, "s3://threat-lists/team/nothing.txt");
    expect(missing).toMatchObject({ status: "ERROR", statusMessage: expect.stringContaining("the object does not exist") });
    // Vigil's credentials may reach other buckets; clients may name only the configured ones.
    await expect(
      open.services.intelLists.create(owner.actor, "THREAT", owner.detectorId, { name: "other", format: "TXT", location: "s3://billing-exports/2026.csv", activate: true }),
    ).rejects.toThrow(/VIGIL_LIST_S3_BUCKETS \(threat-lists\)/);
  });

  it("reads file:// only inside the allowed folders, symlinks resolved", async () => {
    const allowed = path.join(folder, "allowed");
    mkdirSync(allowed, { recursive: true });
    writeFileSync(path.join(allowed, "ours.txt"), "192.0.2.44\n");
    writeFileSync(path.join(folder, "secret.txt"), "not for clients\n");
    symlinkSync(path.join(folder, "secret.txt"), path.join(allowed, "link.txt"));

    expect(await activate(open, owner, `file://${allowed}/ours.txt`)).toMatchObject({ status: "ACTIVE", entryCount: 1 });
    const escaped = await activate(open, owner, `file://${allowed}/link.txt`);
    expect(escaped).toMatchObject({ status: "ERROR", statusMessage: expect.stringContaining("outside the folders") });
    expect(escaped.statusMessage).not.toContain("not for clients");

    for (const location of [`file://${folder}/secret.txt`, `file://${allowed}/../secret.txt`, "file:///etc/passwd"]) {
      await expect(
        open.services.intelLists.create(owner.actor, "THREAT", owner.detectorId, { name: "escape", format: "TXT", location, activate: true }),
      ).rejects.toThrow(InvalidInputError);
    }
  });

  it("refuses plain http unless allowed, and unknown schemes", async () => {
    const strict = await guarded.account();
    await expect(
      guarded.services.intelLists.create(strict.actor, "THREAT", strict.detectorId, { name: "x", format: "TXT", location: "ftp://example.com/list.txt", activate: true }),
    ).rejects.toThrow(/scheme ftp: is not supported/);
    const defaults = await startListsHarness({ worker: false, intel: false });
    try {
      const account = await defaults.account();
      await expect(
        defaults.services.intelLists.create(account.actor, "THREAT", account.detectorId, { name: "x", format: "TXT", location: `${server.origin}/list.txt`, activate: true }),
      ).rejects.toThrow(/VIGIL_LIST_ALLOW_HTTP/);
    } finally {
      await defaults.close();
    }
  });

  it("with the SSRF guard on, refuses loopback, private and link-local addresses without connecting", async () => {
    const account = await guarded.account();
    const port = new URL(server.origin).port;
    const before = server.requests.length;
    for (const location of [`http://127.0.0.1:${port}/list.txt`, `http://localhost:${port}/list.txt`, "http://169.254.169.254/latest/meta-data/", "https://[::1]/list.txt", "https://10.0.0.8/list.txt"]) {
      const refused = await activate(guarded, account, location);
      expect(refused).toMatchObject({ status: "ERROR", statusMessage: expect.stringContaining("private, loopback or link-local") });
    }
    expect(server.requests.length).toBe(before);
  });

  it("takes the content inline", async () => {
    const list = await open.services.intelLists.create(owner.actor, "THREAT", owner.detectorId, {
      name: "inline",
      format: "TXT",
      content: "# pasted\n198.51.100.99\n*.evil-c2.xyz\n",
      activate: true,
    });
    expect(list.location).toBe("inline");
    expect(await open.listReaching(list.id, ["ACTIVE", "ERROR"])).toMatchObject({ status: "ACTIVE", entryCount: 2, entryKinds: ["ipv4", "wildcard"] });
    await eventually(() => (open.services.intel.matchDomain(owner.accountId, "beacon.evil-c2.xyz").length > 0 ? true : undefined));
  });
});
