import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { keyFingerprint, SecretKeyMismatchError, verifySecretKey } from "../../src/services/secrets/key-fingerprint";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { TEST_REDIS_URL } from "../support/env";
import { spawnVigil } from "../support/vigil-process";

describe("one secret key per database", () => {
  let database: TestDatabase;
  let folder: string;
  const first = { key: randomBytes(32) };

  beforeAll(async () => {
    database = await createTestDatabase();
    folder = await mkdtemp(path.join(tmpdir(), "vigil-key-"));
    await chmod(folder, 0o755);
  });
  afterAll(async () => {
    await database.drop();
    await rm(folder, { recursive: true, force: true });
  });

  it("records the first key's fingerprint, accepts the same key again and refuses another", async () => {
    await verifySecretKey(database.db, first);
    await verifySecretKey(database.db, { key: Buffer.from(first.key) });
    const stored = await database.db.secretKeyFingerprint.findUniqueOrThrow({ where: { id: 1 } });
    expect(stored.fingerprint).toBe(keyFingerprint(first.key));
    expect(stored.fingerprint).not.toContain(first.key.toString("hex"));
    const other = verifySecretKey(database.db, { key: randomBytes(32), generatedAt: "/somewhere/secret-key" });
    await expect(other).rejects.toThrow(SecretKeyMismatchError);
    await expect(other).rejects.toThrow(/another key than the key this process generated in \/somewhere\/secret-key: set VIGIL_SECRET_KEY/);
    expect(await database.db.secretKeyFingerprint.count()).toBe(1);
  });

  it("a process that generated its own key stops at start with one sentence that says to set VIGIL_SECRET_KEY", async () => {
    const vigil = spawnVigil(["serve"], {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      PORT: "0",
      VIGIL_DATA_DIR: path.join(folder, "second-machine"),
      VIGIL_QUEUE_PREFIX: `{vigil-key-${randomBytes(4).toString("hex")}}`,
      // error, not warn: the test Redis runs without appendonly, which start-up rightly warns about.
      LOG_LEVEL: "error",
    });
    try {
      const { code } = await vigil.exited;
      expect(code).toBe(1);
      const output = vigil.output().trim();
      expect(output.split("\n")).toHaveLength(1);
      expect(output).toMatch(/^vigil: This database's credentials are encrypted with another key than the key this process generated in .*second-machine\/secret-key: set VIGIL_SECRET_KEY/);
    } finally {
      vigil.child.kill("SIGKILL");
    }
  }, 60_000);
});
