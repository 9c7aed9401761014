import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** What a streamed source (Firehose, EventBridge) is sent with; the prefix makes a leaked one easy to grep for. */
export function generateAccessKey(): string {
  return `vsk_${randomBytes(32).toString("base64url")}`;
}

export function hashAccessKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Constant time in the key: both sides are hashed to the same length first. */
export function accessKeyMatches(storedHash: string | null, presented: string | undefined): boolean {
  if (!storedHash || presented === undefined) return false;
  return timingSafeEqual(Buffer.from(hashAccessKey(presented), "hex"), Buffer.from(storedHash, "hex"));
}
