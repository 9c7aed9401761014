/**
 * Criteria → a predicate over a finding's GuardDuty JSON, for live subscriptions and suppression
 * rules. It follows PostgreSQL's lax jsonpath semantics, which the SQL back end uses: arrays on the
 * way to a value are looked through, and a condition holds when any of the values found satisfies it.
 */
import type { Comparison, CompiledCondition, CompiledCriteria, Value } from "./criteria.js";

export type FindingJson = Record<string, unknown>;
export type FindingPredicate = (finding: FindingJson) => boolean;

function valuesAt(finding: FindingJson, keys: readonly string[]): unknown[] {
  let current: unknown[] = [finding];
  for (const key of keys) {
    const next: unknown[] = [];
    for (const node of current) {
      for (const item of Array.isArray(node) ? node : [node]) {
        if (item !== null && typeof item === "object" && !Array.isArray(item) && key in item) next.push((item as Record<string, unknown>)[key]);
      }
    }
    current = next;
  }
  return current.flatMap((value) => (Array.isArray(value) ? value : [value]));
}

/** Column-backed timestamps compare as instants (as their columns do); the value is then epoch ms. */
function comparable(condition: CompiledCondition, value: unknown): Value | undefined {
  const { kind, column } = condition.attribute;
  if (kind === "timestamp") {
    if (typeof value !== "string") return undefined;
    if (!column) return value;
    const millis = Date.parse(value);
    return Number.isNaN(millis) ? undefined : millis;
  }
  const expected = kind === "string" ? "string" : kind === "number" ? "number" : "boolean";
  return typeof value === expected ? (value as Value) : undefined;
}

function compare(op: Comparison, value: Value, bound: Value): boolean {
  switch (op) {
    case "gt":
      return value > bound;
    case "gte":
      return value >= bound;
    case "lt":
      return value < bound;
    case "lte":
      return value <= bound;
  }
}

function compileCondition(condition: CompiledCondition): FindingPredicate {
  const equals = condition.equals && new Set<Value>(condition.equals);
  const notEquals = condition.notEquals && new Set<Value>(condition.notEquals);
  const matches = condition.matches?.map((source) => new RegExp(source, "s"));
  const notMatches = condition.notMatches?.map((source) => new RegExp(source, "s"));
  const matchesAny = (values: Value[], patterns: RegExp[]) => values.some((v) => typeof v === "string" && patterns.some((p) => p.test(v)));
  return (finding) => {
    const values = valuesAt(finding, condition.attribute.json)
      .map((value) => comparable(condition, value))
      .filter((value): value is Value => value !== undefined);
    if (equals && !values.some((v) => equals.has(v))) return false;
    if (notEquals && values.some((v) => notEquals.has(v))) return false;
    for (const { op, value: bound } of condition.ranges) {
      if (!values.some((v) => compare(op, v, bound))) return false;
    }
    if (matches && !matchesAny(values, matches)) return false;
    if (notMatches && matchesAny(values, notMatches)) return false;
    return true;
  };
}

export function criteriaToPredicate(criteria: CompiledCriteria): FindingPredicate {
  const conditions = criteria.map(compileCondition);
  return (finding) => conditions.every((matches) => matches(finding));
}
