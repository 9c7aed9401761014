import { InvalidInputError } from "./errors.js";

/**
 * Keyset pagination on (time, id): a page boundary is a row, not an offset, so rows inserted while
 * a client pages through never shift or repeat what it sees.
 */
export type PageRequest = { first?: number | null; after?: string | null };
export type Page<T> = { items: T[]; nextCursor: string | null };
export type Keyset = { at: Date; id: string };

export const MAX_PAGE_SIZE = 50;

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return MAX_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`first must be between 1 and ${MAX_PAGE_SIZE}.`);
  }
  return first;
}

function encodeCursor(key: Keyset): string {
  return Buffer.from(JSON.stringify([key.at.toISOString(), key.id])).toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): Keyset | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(at);
    if (typeof id !== "string" || Number.isNaN(date.getTime())) throw new Error("bad cursor");
    return { at: date, id };
  } catch {
    throw new InvalidInputError("after is not a cursor returned by this API.");
  }
}

/** Prisma `where` and `orderBy` for the rows strictly after the cursor, ordered by (timeField, id). */
export function keysetQuery<F extends string>(timeField: F, cursor: string | null | undefined) {
  const key = decodeCursor(cursor);
  const where = key
    ? { OR: [{ [timeField]: { gt: key.at } }, { [timeField]: key.at, id: { gt: key.id } }] }
    : {};
  return { where, orderBy: [{ [timeField]: "asc" as const }, { id: "asc" as const }] };
}

/** Turns rows fetched with `take: size + 1` into a page; the extra row only says another page exists. */
export function toPage<T>(rows: T[], size: number, keyOf: (row: T) => Keyset): Page<T> {
  const items = rows.slice(0, size);
  return { items, nextCursor: rows.length > size ? encodeCursor(keyOf(items[items.length - 1])) : null };
}
