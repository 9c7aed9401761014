import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export const SECRET_KEY_BYTES = 32;

export type SecretKey = { key: Buffer; generatedAt?: string };

export class SecretKeyError extends Error {}

function decode(text: string, origin: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== SECRET_KEY_BYTES) {
    throw new SecretKeyError(`${origin} must be ${SECRET_KEY_BYTES} bytes in base64 (e.g. "openssl rand -base64 32"), got ${key.length} bytes`);
  }
  return key;
}

/**
 * The key that encrypts stored credentials: VIGIL_SECRET_KEY, or on a first run without one a key
 * generated into the data folder (owner-only), so that what was encrypted stays readable after a
 * restart. Every process that reads credentials (API and workers) must see the same key.
 */
export async function resolveSecretKey(configured: string | undefined, dataDir: string): Promise<SecretKey> {
  if (configured) return { key: decode(configured, "VIGIL_SECRET_KEY") };
  const file = path.join(dataDir, "secret-key");
  try {
    return { key: decode(await readFile(file, "utf8"), file), generatedAt: file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(SECRET_KEY_BYTES);
  try {
    await writeFile(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process started at the same moment and wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return { key: decode(await readFile(file, "utf8"), file), generatedAt: file };
    throw error;
  }
  return { key, generatedAt: file };
}
