import type { Database } from "../prisma.js";

/** One round trip: the database answers queries, not merely accepts connections. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
