import type { Prisma } from "../generated/prisma/client.js";
import type { Database } from "./prisma.js";

/** The client a repository writes through inside a caller's transaction. */
export type Transaction = Prisma.TransactionClient;

/** Runs the work in one transaction: everything it writes through `tx` commits together or not at all. */
export function inTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.$transaction(work);
}
