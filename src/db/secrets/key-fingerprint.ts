import type { Database } from "../prisma.js";

/** Stores `fingerprint` when the database has none yet, and returns the one it holds (the first process's). */
export async function claimKeyFingerprint(db: Database, fingerprint: string): Promise<string> {
  await db.secretKeyFingerprint.createMany({ data: [{ id: 1, fingerprint }], skipDuplicates: true });
  return (await db.secretKeyFingerprint.findUniqueOrThrow({ where: { id: 1 } })).fingerprint;
}
