/**
 * GuardDuty's FindingCriteria, validated once and compiled into a form both back ends read:
 * `db/findings/criteria-sql.ts` (PostgreSQL, for queries) and `to-predicate.ts` (in memory, for live subscriptions and
 * suppression rules). Attributes are ANDed; values inside Equals / NotEquals / Matches are ORed.
 */
import { InvalidInputError } from "../../errors.js";
import { type AttributeSpec, FINDING_ATTRIBUTES } from "./attributes.js";
import { wildcardToRegex } from "./wildcard.js";

export type Condition = {
  equals?: string[] | null;
  notEquals?: string[] | null;
  greaterThan?: number | null;
  greaterThanOrEqual?: number | null;
  lessThan?: number | null;
  lessThanOrEqual?: number | null;
  /** Wildcard patterns: `*` stands for any run of characters. */
  matches?: string[] | null;
  notMatches?: string[] | null;
};

/** GuardDuty's shape: `{ criterion: { "<attribute path>": Condition } }`. This is what a filter stores. */
export type FindingCriteria = { criterion: Record<string, Condition> };

/** The list form the GraphQL API uses, since GraphQL inputs have no free-form keys. */
export type CriterionEntry = Condition & { attribute: string };

export type Comparison = "gt" | "gte" | "lt" | "lte";
export type Value = string | number | boolean;

export type CompiledCondition = {
  attribute: AttributeSpec;
  equals?: Value[];
  notEquals?: Value[];
  ranges: Array<{ op: Comparison; value: Value }>;
  /** Anchored regular expressions (from wildcards), understood alike by JavaScript and PostgreSQL. */
  matches?: string[];
  notMatches?: string[];
};

export type CompiledCriteria = readonly CompiledCondition[];

// GuardDuty's limits (reference §6).
const MAX_ATTRIBUTES = 50;
const MAX_VALUES = 50;
const MAX_PATTERNS = 5;
const MAX_PATTERN_LENGTH = 512;

const RANGE_OPERATORS: Array<[keyof Condition, Comparison]> = [
  ["greaterThan", "gt"],
  ["greaterThanOrEqual", "gte"],
  ["lessThan", "lt"],
  ["lessThanOrEqual", "lte"],
];

export function criteriaFromEntries(entries: readonly CriterionEntry[] | null | undefined): FindingCriteria {
  const criterion: Record<string, Condition> = {};
  for (const { attribute, ...condition } of entries ?? []) {
    if (attribute in criterion) throw new InvalidInputError(`The attribute ${attribute} appears twice; put all its conditions in one entry.`);
    criterion[attribute] = condition;
  }
  return { criterion };
}

export function criteriaToEntries(criteria: FindingCriteria): CriterionEntry[] {
  return Object.entries(criteria.criterion).map(([attribute, condition]) => ({ attribute, ...condition }));
}

/**
 * Timestamps in criteria are epoch milliseconds. Columns compare instants; timestamps kept only in
 * the JSON are ISO-8601 texts of one format, so both back ends compare them as texts.
 */
function timestampValue(attribute: AttributeSpec, millis: number): Value {
  const date = new Date(millis);
  if (!Number.isFinite(millis) || Number.isNaN(date.getTime())) throw new InvalidInputError(`${attribute.path}: ${millis} is not a time in epoch milliseconds.`);
  return attribute.column ? millis : date.toISOString();
}

function typedValue(attribute: AttributeSpec, text: string): Value {
  switch (attribute.kind) {
    case "string":
      return text;
    case "boolean":
      if (text !== "true" && text !== "false") throw new InvalidInputError(`${attribute.path} takes "true" or "false", not "${text}".`);
      return text === "true";
    case "number": {
      const value = Number(text);
      if (text.trim() === "" || !Number.isFinite(value)) throw new InvalidInputError(`${attribute.path} takes numbers, not "${text}".`);
      return value;
    }
    case "timestamp": {
      const millis = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
      return timestampValue(attribute, millis);
    }
  }
}

function valueList(attribute: AttributeSpec, operator: string, values: string[] | null | undefined): Value[] | undefined {
  if (values === null || values === undefined) return undefined;
  if (values.length === 0 || values.length > MAX_VALUES) throw new InvalidInputError(`${attribute.path}: ${operator} takes 1 to ${MAX_VALUES} values.`);
  return values.map((value) => typedValue(attribute, value));
}

function patternList(attribute: AttributeSpec, operator: string, patterns: string[] | null | undefined): string[] | undefined {
  if (patterns === null || patterns === undefined) return undefined;
  if (attribute.kind !== "string") throw new InvalidInputError(`${attribute.path}: ${operator} applies to text attributes only.`);
  if (patterns.length === 0 || patterns.length > MAX_PATTERNS) throw new InvalidInputError(`${attribute.path}: ${operator} takes 1 to ${MAX_PATTERNS} patterns.`);
  for (const pattern of patterns) {
    if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH) throw new InvalidInputError(`${attribute.path}: a ${operator} pattern is 1 to ${MAX_PATTERN_LENGTH} characters.`);
  }
  return patterns.map(wildcardToRegex);
}

function compileCondition(path: string, condition: Condition): CompiledCondition {
  const attribute = FINDING_ATTRIBUTES.get(path);
  if (!attribute) throw new InvalidInputError(`Unknown finding attribute "${path}" (see the README for the supported attribute paths).`);
  const ranges: CompiledCondition["ranges"] = [];
  for (const [field, op] of RANGE_OPERATORS) {
    const bound = condition[field] as number | null | undefined;
    if (bound === null || bound === undefined) continue;
    if (attribute.kind !== "number" && attribute.kind !== "timestamp") throw new InvalidInputError(`${path}: ${field} applies to numbers and times only.`);
    if (!Number.isFinite(bound)) throw new InvalidInputError(`${path}: ${field} must be a number.`);
    ranges.push({ op, value: attribute.kind === "timestamp" ? timestampValue(attribute, bound) : bound });
  }
  const compiled: CompiledCondition = {
    attribute,
    equals: valueList(attribute, "equals", condition.equals),
    notEquals: valueList(attribute, "notEquals", condition.notEquals),
    ranges,
    matches: patternList(attribute, "matches", condition.matches),
    notMatches: patternList(attribute, "notMatches", condition.notMatches),
  };
  if (!compiled.equals && !compiled.notEquals && !compiled.matches && !compiled.notMatches && ranges.length === 0) {
    throw new InvalidInputError(`${path}: a condition needs at least one operator.`);
  }
  return compiled;
}

/** Validates criteria (unknown attributes, wrong value types, GuardDuty's limits) into their compiled form. */
export function compileCriteria(criteria: FindingCriteria | null | undefined): CompiledCriteria {
  const entries = Object.entries(criteria?.criterion ?? {});
  if (entries.length > MAX_ATTRIBUTES) throw new InvalidInputError(`Finding criteria name at most ${MAX_ATTRIBUTES} attributes.`);
  return entries.map(([path, condition]) => compileCondition(path, condition ?? {}));
}
