/**
 * Criteria → a parameterised SQL condition on the findings table. Attributes copied into columns
 * compare on the column (and its indexes); every other attribute is a jsonpath predicate on `data`
 * (`data @@ '…'`), which the GIN jsonb_path_ops index serves for equality. Attribute paths come only
 * from the whitelist in attributes.ts; values reach PostgreSQL as bind parameters (the jsonpath text
 * is one of them), never spliced into the statement.
 */
import { Prisma } from "../../generated/prisma/client.js";

/**
 * The compiled criteria this module reads, declared here so persistence depends on no service: the
 * findings service's compiled criteria (services/findings/criteria/) have this shape.
 */
type Value = string | number | boolean;
type Comparison = "gt" | "gte" | "lt" | "lte";
type FindingColumn = "id" | "accountId" | "region" | "type" | "severity" | "resourceType" | "archived" | "count" | "createdAt" | "updatedAt" | "eventFirstSeen" | "eventLastSeen";
type AttributeSpec = { path: string; kind: "string" | "number" | "boolean" | "timestamp"; json: readonly string[]; column?: FindingColumn };
type CompiledCondition = {
  attribute: AttributeSpec;
  equals?: Value[];
  notEquals?: Value[];
  ranges: Array<{ op: Comparison; value: Value }>;
  matches?: string[];
  notMatches?: string[];
};
export type CompiledCriteria = readonly CompiledCondition[];

const SQL_OPERATOR: Record<Comparison, string> = { gt: ">", gte: ">=", lt: "<", lte: "<=" };

const ARRAY_TYPE: Record<AttributeSpec["kind"], string> = { string: "text[]", number: "float8[]", boolean: "boolean[]", timestamp: "timestamptz[]" };
const SCALAR_TYPE: Record<AttributeSpec["kind"], string> = { string: "text", number: "float8", boolean: "boolean", timestamp: "timestamptz" };

/** A condition that is false, rather than unknown, when the attribute is missing or of another type. */
const not = (condition: Prisma.Sql) => Prisma.sql`NOT COALESCE(${condition}, false)`;

function columnParameter(kind: AttributeSpec["kind"], value: Value): Value {
  return kind === "timestamp" ? new Date(value as number).toISOString() : value;
}

function columnConditions(table: string, condition: CompiledCondition): Prisma.Sql[] {
  const { kind, column } = condition.attribute;
  const ref = Prisma.raw(`${table}."${column}"`);
  const cast = (type: string) => Prisma.raw(`::${type}`);
  const anyOf = (values: Value[]) => Prisma.sql`${ref} = ANY(${values.map((v) => columnParameter(kind, v))}${cast(ARRAY_TYPE[kind])})`;
  const regexAny = (patterns: string[]) => Prisma.sql`(${Prisma.join(patterns.map((p) => Prisma.sql`${ref} ~ ${p}`), " OR ")})`;
  const parts: Prisma.Sql[] = [];
  if (condition.equals) parts.push(anyOf(condition.equals));
  if (condition.notEquals) parts.push(not(anyOf(condition.notEquals)));
  for (const { op, value } of condition.ranges) {
    parts.push(Prisma.sql`${ref} ${Prisma.raw(SQL_OPERATOR[op])} ${columnParameter(kind, value)}${cast(SCALAR_TYPE[kind])}`);
  }
  if (condition.matches) parts.push(regexAny(condition.matches));
  if (condition.notMatches) parts.push(not(regexAny(condition.notMatches)));
  return parts;
}

const jsonLiteral = (value: Value) => (typeof value === "string" ? JSON.stringify(value) : String(value));

function jsonConditions(table: string, condition: CompiledCondition): Prisma.Sql[] {
  const accessor = `$${condition.attribute.json.map((key) => `.${JSON.stringify(key)}`).join("")}`;
  const data = Prisma.raw(`${table}."data"`);
  const holds = (jsonpath: string) => Prisma.sql`${data} @@ ${jsonpath}::jsonpath`;
  const anyOf = (clauses: string[]) => clauses.join(" || ");
  const equalsAny = (values: Value[]) => anyOf(values.map((v) => `${accessor} == ${jsonLiteral(v)}`));
  const likeAny = (patterns: string[]) => anyOf(patterns.map((p) => `${accessor} like_regex ${JSON.stringify(p)} flag "s"`));
  const parts: Prisma.Sql[] = [];
  if (condition.equals) parts.push(holds(equalsAny(condition.equals)));
  if (condition.notEquals) parts.push(not(holds(equalsAny(condition.notEquals))));
  for (const { op, value } of condition.ranges) parts.push(holds(`${accessor} ${SQL_OPERATOR[op]} ${jsonLiteral(value)}`));
  if (condition.matches) parts.push(holds(likeAny(condition.matches)));
  if (condition.notMatches) parts.push(not(holds(likeAny(condition.notMatches))));
  return parts;
}

/** `table` is the alias the findings table has in the surrounding query. Empty criteria give TRUE. */
export function criteriaToSql(criteria: CompiledCriteria, table = "findings"): Prisma.Sql {
  const parts = criteria.flatMap((condition) => (condition.attribute.column ? columnConditions(table, condition) : jsonConditions(table, condition)));
  return parts.length === 0 ? Prisma.sql`TRUE` : Prisma.join(parts, " AND ");
}

/**
 * Whether the criteria hold an equality on a JSON attribute, which the GIN index answers. PostgreSQL
 * has no statistics on jsonpath predicates and guesses 1% of rows match, so for a sorted page it may
 * walk a sort index hoping to meet matches soon; such equalities (an instance id, an address) usually
 * match a handful of findings, so callers look them up first and sort what was found.
 */
export function usesJsonIndex(criteria: CompiledCriteria): boolean {
  return criteria.some((condition) => !condition.attribute.column && condition.equals !== undefined);
}
