import { Prisma } from "../../generated/prisma/client.js";
import { InvalidInputError } from "../errors.js";

/**
 * GuardDuty's SortCriteria on the finding attributes Vigil keeps in indexed columns, with keyset
 * pagination on (sort value, id): the cursor names the last row seen, so findings written while a
 * client pages through shift nothing it has not seen yet.
 */
export type SortCriteria = { attributeName?: string | null; orderBy?: "ASC" | "DESC" | null };

type SortColumn = { column: "updatedAt" | "createdAt" | "severity" | "type" | "count"; sqlType: string; fromCursor: (value: unknown) => unknown };

const asDate = (value: unknown) => {
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new Error("bad time");
  return date.toISOString();
};
const asNumber = (value: unknown) => {
  if (typeof value !== "number") throw new Error("bad number");
  return value;
};
const asText = (value: unknown) => {
  if (typeof value !== "string") throw new Error("bad text");
  return value;
};

const SORTABLE: Record<string, SortColumn> = {
  updatedAt: { column: "updatedAt", sqlType: "timestamptz", fromCursor: asDate },
  createdAt: { column: "createdAt", sqlType: "timestamptz", fromCursor: asDate },
  severity: { column: "severity", sqlType: "float8", fromCursor: asNumber },
  type: { column: "type", sqlType: "text", fromCursor: asText },
  count: { column: "count", sqlType: "int", fromCursor: asNumber },
  "service.count": { column: "count", sqlType: "int", fromCursor: asNumber },
};

const SORTABLE_ATTRIBUTES = Object.keys(SORTABLE);

export type FindingOrder = { sort: SortColumn; descending: boolean };

export function findingOrder(criteria: SortCriteria | null | undefined): FindingOrder {
  const name = criteria?.attributeName ?? "updatedAt";
  const sort = SORTABLE[name];
  if (!sort) throw new InvalidInputError(`Findings sort by ${SORTABLE_ATTRIBUTES.join(", ")}; not by "${name}".`);
  return { sort, descending: (criteria?.orderBy ?? "DESC") === "DESC" };
}

type SortKey = { value: unknown; id: string };

function cursorTag(order: FindingOrder): string {
  return `${order.sort.column}:${order.descending ? "DESC" : "ASC"}`;
}

export function encodeFindingCursor(order: FindingOrder, row: Record<string, unknown> & { id: string }): string {
  const value = row[order.sort.column];
  const key = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([cursorTag(order), key, row.id])).toString("base64url");
}

function decodeFindingCursor(order: FindingOrder, cursor: string): SortKey {
  try {
    const [tag, value, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, unknown, string];
    if (tag !== cursorTag(order) || typeof id !== "string") throw new Error("other order");
    return { value: order.sort.fromCursor(value), id };
  } catch {
    throw new InvalidInputError("after is not a cursor returned by listFindings with the same sort criteria.");
  }
}

/** ORDER BY and the rows after the cursor. The separate `<=`/`>=` bound lets an index on the sort column start at the cursor. */
export function keysetSql(order: FindingOrder, after: string | null | undefined, table = "f"): { where: Prisma.Sql; orderBy: Prisma.Sql } {
  const column = Prisma.raw(`${table}."${order.sort.column}"`);
  const id = Prisma.raw(`${table}.id`);
  const direction = Prisma.raw(order.descending ? "DESC" : "ASC");
  const orderBy = Prisma.sql`${column} ${direction}, ${id} ${direction}`;
  if (!after) return { where: Prisma.sql`TRUE`, orderBy };
  const key = decodeFindingCursor(order, after);
  const value = Prisma.sql`${key.value}::${Prisma.raw(order.sort.sqlType)}`;
  const [bound, beyond] = order.descending ? ["<=", "<"] : [">=", ">"];
  const where = Prisma.sql`${column} ${Prisma.raw(bound)} ${value} AND (${column} ${Prisma.raw(beyond)} ${value} OR ${id} ${Prisma.raw(beyond)} ${key.id})`;
  return { where, orderBy };
}
