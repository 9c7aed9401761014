import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";

export type OperatorToken = { value: string; generatedAt?: string };

/**
 * The operator token from VIGIL_OPERATOR_TOKEN, or, on a first run without one, a generated token
 * kept in the data folder (readable by its owner only) so it survives restarts.
 */
export async function resolveOperatorToken(configured: string | undefined, dataDir: string): Promise<OperatorToken> {
  if (configured) return { value: configured };
  const file = path.join(dataDir, "operator-token");
  try {
    return { value: (await readFile(file, "utf8")).trim(), generatedAt: file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const value = `op_${randomBytes(32).toString("base64url")}`;
  await writeFile(file, `${value}\n`, { mode: 0o600, flag: "wx" });
  return { value, generatedAt: file };
}

/** Constant-time comparison: digests have equal length whatever was presented. */
export function operatorTokenMatches(expected: string, presented: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(expected), digest(presented));
}
