import type { FindingOrder, SortColumn, SortKey } from "../../db/findings/finding-order.js";
import { InvalidInputError } from "../errors.js";

/**
 * GuardDuty's SortCriteria on the finding attributes Vigil keeps in indexed columns, with keyset
 * pagination on (sort value, id): the cursor names the last row seen, so findings written while a
 * client pages through shift nothing it has not seen yet.
 */
export type SortCriteria = { attributeName?: string | null; orderBy?: "ASC" | "DESC" | null };

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

const FROM_CURSOR: Record<SortColumn, (value: unknown) => unknown> = { updatedAt: asDate, createdAt: asDate, severity: asNumber, type: asText, count: asNumber };

const SORTABLE: Record<string, SortColumn> = {
  updatedAt: "updatedAt",
  createdAt: "createdAt",
  severity: "severity",
  type: "type",
  count: "count",
  "service.count": "count",
};

const SORTABLE_ATTRIBUTES = Object.keys(SORTABLE);

export function findingOrder(criteria: SortCriteria | null | undefined): FindingOrder {
  const name = criteria?.attributeName ?? "updatedAt";
  const column = SORTABLE[name];
  if (!column) throw new InvalidInputError(`Findings sort by ${SORTABLE_ATTRIBUTES.join(", ")}; not by "${name}".`);
  return { column, descending: (criteria?.orderBy ?? "DESC") === "DESC" };
}

function cursorTag(order: FindingOrder): string {
  return `${order.column}:${order.descending ? "DESC" : "ASC"}`;
}

export function encodeFindingCursor(order: FindingOrder, row: Record<string, unknown> & { id: string }): string {
  const value = row[order.column];
  const key = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([cursorTag(order), key, row.id])).toString("base64url");
}

/** The key a page starts after; a cursor of another sort order is refused rather than misread. */
export function decodeFindingCursor(order: FindingOrder, cursor: string | null | undefined): SortKey | null {
  if (!cursor) return null;
  try {
    const [tag, value, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, unknown, string];
    if (tag !== cursorTag(order) || typeof id !== "string") throw new Error("other order");
    return { value: FROM_CURSOR[order.column](value), id };
  } catch {
    throw new InvalidInputError("after is not a cursor returned by listFindings with the same sort criteria.");
  }
}
