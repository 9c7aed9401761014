import { createHmac } from "node:crypto";
import { claimKeyFingerprint } from "../../db/secrets/key-fingerprint.js";
import type { Database } from "../../db/prisma.js";
import { SecretKeyError, type SecretKey } from "./secret-key.js";

// A keyed hash of a fixed label: equal for equal keys, and it tells nothing about the key itself.
const LABEL = "vigil secret key fingerprint v1";

export function keyFingerprint(key: Buffer): string {
  return createHmac("sha256", key).update(LABEL).digest("hex");
}

/** This process's key is not the one the database's stored credentials were encrypted with. */
export class SecretKeyMismatchError extends SecretKeyError {}

/**
 * Refuses a key other than the database's: the first process to start records its key's fingerprint, and
 * a process with another key (typically one that generated its own, in another data folder) stops here
 * instead of storing credentials the other processes cannot decrypt, or failing to read theirs.
 */
export async function verifySecretKey(db: Database, secretKey: SecretKey): Promise<void> {
  const stored = await claimKeyFingerprint(db, keyFingerprint(secretKey.key));
  if (stored === keyFingerprint(secretKey.key)) return;
  const origin = secretKey.generatedAt ? `the key this process generated in ${secretKey.generatedAt}` : "VIGIL_SECRET_KEY";
  throw new SecretKeyMismatchError(
    `This database's credentials are encrypted with another key than ${origin}: set VIGIL_SECRET_KEY to the key the other Vigil processes of this database use (the same value in every process).`,
  );
}
