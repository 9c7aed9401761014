/**
 * One `field|modifier|…: value(s)` entry of a selection, compiled into a test of the raw record.
 * A list of values is any of them (`all`: every one); a `null` value matches a field that is absent
 * or null. Text is matched against a field's every value (arrays walked); a field holding a map is
 * matched through its JSON, and for `contains`/`re` through each text inside it too, so
 * `requestParameters|contains` finds a quoted piece of a policy document.
 */
import type { Fail } from "./errors.js";
import { fieldGetter, leafTexts } from "./fields.js";
import { cidrTest } from "./cidr.js";
import { regexTest, textTest, type Anchoring, type TextTest } from "./patterns.js";
import { base64, base64Offsets, windash } from "./transforms.js";

export type RecordTest = (record: Record<string, unknown>) => boolean;
type Path = readonly (string | number)[];

const ANCHORS = new Set(["contains", "startswith", "endswith"]);
/** Modifiers that each decide how a value is compared: a field entry takes one. */
const KINDS = new Set(["contains", "startswith", "endswith", "re", "cidr", "exists", "fieldref", "gt", "gte", "lt", "lte"]);
const TRANSFORMS = new Set(["base64", "base64offset", "windash"]);
const COMPARISONS = { gt: (a: number, b: number) => a > b, gte: (a: number, b: number) => a >= b, lt: (a: number, b: number) => a < b, lte: (a: number, b: number) => a <= b };
const REFUSED: Record<string, string> = {
  expand: "placeholders (%name%) need values from the deployment; replace them with the values first",
  wide: "UTF-16 text appears in Windows logs, not in AWS records",
  utf16: "UTF-16 text appears in Windows logs, not in AWS records",
  utf16le: "UTF-16 text appears in Windows logs, not in AWS records",
  utf16be: "UTF-16 text appears in Windows logs, not in AWS records",
};

type Modifiers = {
  anchoring: Anchoring;
  transforms: string[];
  all: boolean;
  cased: boolean;
  re?: { i: boolean; m: boolean; s: boolean };
  cidr: boolean;
  exists: boolean;
  fieldref: boolean;
  comparison?: keyof typeof COMPARISONS;
};

function readModifiers(names: readonly string[], path: Path, fail: Fail): Modifiers {
  const modifiers: Modifiers = { anchoring: "equals", transforms: [], all: false, cased: false, cidr: false, exists: false, fieldref: false };
  let kinds = 0;
  for (const name of names) {
    const lower = name.toLowerCase();
    if (REFUSED[lower]) fail(path, `modifier '${name}' is not supported: ${REFUSED[lower]}`);
    if (ANCHORS.has(lower)) modifiers.anchoring = lower as Anchoring;
    else if (TRANSFORMS.has(lower)) modifiers.transforms.push(lower);
    else if (lower === "all") modifiers.all = true;
    else if (lower === "cased") modifiers.cased = true;
    else if (lower === "re") modifiers.re = { i: false, m: false, s: false };
    else if ((lower === "i" || lower === "m" || lower === "s") && modifiers.re) modifiers.re[lower] = true;
    else if (lower === "cidr") modifiers.cidr = true;
    else if (lower === "exists") modifiers.exists = true;
    else if (lower === "fieldref") modifiers.fieldref = true;
    else if (lower in COMPARISONS) modifiers.comparison = lower as keyof typeof COMPARISONS;
    else fail(path, `unknown modifier '${name}'`);
    if (KINDS.has(lower)) kinds++;
  }
  if (kinds > 1) fail(path, `modifiers ${names.join("|")} ask for two kinds of comparison at once`);
  if (modifiers.transforms.length && (modifiers.re || modifiers.cidr || modifiers.exists || modifiers.fieldref || modifiers.comparison)) {
    fail(path, `${modifiers.transforms.join("|")} rewrites text and cannot be combined with ${names.join("|")}`);
  }
  return modifiers;
}

/**
 * The texts a field value is matched through. A map or list is its JSON; for `contains` and `re` also
 * each text inside it, so a quoted piece of an embedded policy document is found where JSON escapes it.
 */
function textsOf(value: unknown, inside = false): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number" || typeof value === "boolean") return [String(value)];
  if (typeof value === "object" && value !== null) return inside ? [...leafTexts(value), JSON.stringify(value)] : [JSON.stringify(value)];
  return [];
}

function scalarText(value: unknown, path: Path, fail: Fail): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return fail(path, `a value must be a string, number, boolean or null, not ${Array.isArray(value) ? "a list" : "a map"}`);
}

/** A test of one rule value against one field value. */
function valueTest(value: unknown, modifiers: Modifiers, path: Path, fail: Fail): (fieldValue: unknown) => boolean {
  const text = scalarText(value, path, fail);
  if (modifiers.comparison) {
    const limit = Number(text);
    if (!Number.isFinite(limit)) fail(path, `${modifiers.comparison} needs a number, not "${text}"`);
    const compare = COMPARISONS[modifiers.comparison];
    return (fieldValue) => (typeof fieldValue === "number" || (typeof fieldValue === "string" && fieldValue.trim() !== "")) && compare(Number(fieldValue), limit);
  }
  let test: TextTest;
  if (modifiers.re) {
    try {
      test = regexTest(text, modifiers.re);
    } catch (error) {
      return fail(path, `regular expression refused by RE2 (no backreferences, lookaround or possessive forms): ${(error as Error).message}`);
    }
  } else if (modifiers.cidr) {
    test = cidrTest(text) ?? fail(path, `"${text}" is not an IPv4 or IPv6 CIDR block`);
  } else {
    let variants = [text];
    for (const transform of modifiers.transforms) {
      if (transform === "base64") variants = variants.flatMap(base64);
      else if (transform === "base64offset") variants = variants.flatMap(base64Offsets);
      else variants = variants.flatMap((variant) => windash(variant) ?? fail(path, "windash expands at most 4 flags in one value"));
    }
    const encoded = modifiers.transforms.some((transform) => transform.startsWith("base64"));
    const tests = variants.map((variant) => textTest(variant, modifiers.anchoring, modifiers.cased || encoded, !encoded));
    test = tests.length === 1 ? tests[0]! : (candidate) => tests.some((one) => one(candidate));
  }
  // Most values are strings: tested without building the list of texts.
  const inside = modifiers.anchoring === "contains" || modifiers.re !== undefined;
  return (fieldValue) => (typeof fieldValue === "string" ? test(fieldValue) : textsOf(fieldValue, inside).some(test));
}

function combine(tests: RecordTest[], all: boolean): RecordTest {
  if (tests.length === 1) return tests[0]!;
  return all ? (record) => tests.every((test) => test(record)) : (record) => tests.some((test) => test(record));
}

export function compileFieldEntry(key: string, value: unknown, path: Path, fail: Fail): RecordTest {
  const [field, ...names] = key.split("|");
  if (!field) fail(path, "a value without a field name (keyword search) is not supported: name the field");
  const modifiers = readModifiers(names, path, fail);
  const get = fieldGetter(field!);
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) fail(path, "an empty list of values matches nothing");

  if (modifiers.exists) {
    if (values.length !== 1 || typeof values[0] !== "boolean") fail(path, "exists takes true or false");
    const wanted = values[0] as boolean;
    return (record) => get(record).some((found) => found !== null) === wanted;
  }
  if (modifiers.fieldref) {
    const tests = values.map((other, index): RecordTest => {
      const getOther = fieldGetter(scalarText(other, [...path, index], fail));
      return (record) => {
        const mine = new Set(get(record).flatMap((found) => textsOf(found)));
        return getOther(record).some((found) => textsOf(found).some((text) => mine.has(text)));
      };
    });
    return combine(tests, modifiers.all);
  }
  const tests = values.map((one, index): RecordTest => {
    if (one === null) return (record) => get(record).every((found) => found === null);
    const test = valueTest(one, modifiers, Array.isArray(value) ? [...path, index] : path, fail);
    return (record) => get(record).some(test);
  });
  return combine(tests, modifiers.all);
}
