import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { SECRET_KEY_BYTES } from "./secret-key.js";

const ALGORITHM = "aes-256-gcm";
const VERSION = "v1";
const IV_BYTES = 12;

export class SecretBoxError extends Error {}

/**
 * AES-256-GCM for secrets at rest. `context` (e.g. the row id) is authenticated with the ciphertext,
 * so a ciphertext copied onto another row does not decrypt there.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new RangeError(`a secret key is ${SECRET_KEY_BYTES} bytes`);
  }

  /** A key that lives only as long as the process: for tools and tests that never read secrets back after a restart. */
  static ephemeral(): SecretBox {
    return new SecretBox(randomBytes(SECRET_KEY_BYTES));
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, body] = sealed.split(".");
    if (version !== VERSION || !iv || !tag || body === undefined) throw new SecretBoxError("not a sealed secret");
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretBoxError("the secret cannot be decrypted with this key (VIGIL_SECRET_KEY changed?)");
    }
  }
}
