import { Prisma } from "../../generated/prisma/client.js";

/** The finding columns a query may sort on; each is indexed with the account and time. */
export type SortColumn = "updatedAt" | "createdAt" | "severity" | "type" | "count";

export type FindingOrder = { column: SortColumn; descending: boolean };

/** The last row a page ended on: its sort value and id. */
export type SortKey = { value: unknown; id: string };

const SQL_TYPE: Record<SortColumn, string> = { updatedAt: "timestamptz", createdAt: "timestamptz", severity: "float8", type: "text", count: "int" };

/** ORDER BY and the rows after the key. The separate `<=`/`>=` bound lets an index on the sort column start at the key. */
export function keysetSql(order: FindingOrder, after: SortKey | null, table = "f"): { where: Prisma.Sql; orderBy: Prisma.Sql } {
  const column = Prisma.raw(`${table}."${order.column}"`);
  const id = Prisma.raw(`${table}.id`);
  const direction = Prisma.raw(order.descending ? "DESC" : "ASC");
  const orderBy = Prisma.sql`${column} ${direction}, ${id} ${direction}`;
  if (!after) return { where: Prisma.sql`TRUE`, orderBy };
  const value = Prisma.sql`${after.value}::${Prisma.raw(SQL_TYPE[order.column])}`;
  const [bound, beyond] = order.descending ? ["<=", "<"] : [">=", ">"];
  const where = Prisma.sql`${column} ${Prisma.raw(bound)} ${value} AND (${column} ${Prisma.raw(beyond)} ${value} OR ${id} ${Prisma.raw(beyond)} ${after.id})`;
  return { where, orderBy };
}
