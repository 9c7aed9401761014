import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Reads the trimmed OCSF schema of test/fixtures/ocsf and checks an event against a class the way
 * the OCSF server compiles it: a class's attributes are those of the classes it `extends`, then its
 * own, plus the `$include`d profiles the event declares in metadata.profiles; each attribute's type
 * and enum come from the dictionary where the class does not set them, enums merged.
 */
type Attribute = { type?: string; is_array?: boolean; requirement?: string; profile?: string | null; enum?: Record<string, unknown> };
type Definition = { name?: string; uid?: number; extends?: string; category?: string; attributes: Record<string, Attribute> & { $include?: string[] } };
type Schema = Record<string, Definition> & { "dictionary.json": Definition & { types: { attributes: Record<string, { type?: string }> } }; "version.json": { version: string } } & Record<string, unknown>;

const SCHEMA = JSON.parse(readFileSync(path.join(__dirname, "../../fixtures/ocsf/detection-finding-schema.json"), "utf8")) as Schema;

export const schemaVersion = (): string => SCHEMA["version.json"].version;

function mergeAttribute(base: Attribute | undefined, own: Attribute): Attribute {
  return { ...base, ...own, enum: base?.enum || own.enum ? { ...base?.enum, ...own.enum } : undefined };
}

function mergeAll(into: Record<string, Attribute>, from: Record<string, Attribute>, profiles: readonly string[]): void {
  for (const [name, attribute] of Object.entries(from)) {
    if (name === "$include") continue;
    // An attribute a profile adds counts only when the event applies that profile.
    if (attribute.profile && !profiles.includes(attribute.profile)) continue;
    into[name] = mergeAttribute(into[name], attribute);
  }
}

function findDefinition(folder: "events" | "objects", name: string): Definition {
  const entry = Object.entries(SCHEMA).find(([file, value]) => file.startsWith(`${folder}/`) && (value as Definition).name === name);
  if (!entry) throw new Error(`the fixture has no ${folder} definition "${name}": add it to test/fixtures/ocsf`);
  return entry[1] as Definition;
}

function resolve(folder: "events" | "objects", name: string, profiles: readonly string[]): { definition: Definition; attributes: Record<string, Attribute> } {
  const definition = findDefinition(folder, name);
  const attributes: Record<string, Attribute> = {};
  const parent = definition.extends && definition.extends !== "object" ? resolve(folder, definition.extends, profiles).attributes : {};
  mergeAll(attributes, parent, profiles);
  for (const include of definition.attributes.$include ?? []) {
    const profile = SCHEMA[include] as Definition | undefined;
    if (profile && profiles.includes(profile.name ?? "")) mergeAll(attributes, profile.attributes, profiles);
  }
  mergeAll(attributes, definition.attributes, profiles);
  const dictionary = SCHEMA["dictionary.json"].attributes;
  for (const [key, attribute] of Object.entries(attributes)) attributes[key] = mergeAttribute(dictionary[key], attribute);
  return { definition, attributes };
}

export function eventClass(name: string, profiles: readonly string[] = []) {
  const { definition, attributes } = resolve("events", name, profiles);
  const category = (SCHEMA["categories.json"] as unknown as { attributes: Record<string, { uid: number }> }).attributes[definition.category ?? findDefinition("events", definition.extends ?? "").category ?? ""];
  const uid = category.uid * 1000 + (definition.uid ?? 0);
  // As the OCSF server compiles a class: its own uid, its category's, and one type_uid per activity.
  attributes.class_uid = { ...attributes.class_uid, enum: { [uid]: {} } };
  attributes.category_uid = { ...attributes.category_uid, enum: { [category.uid]: {} } };
  attributes.type_uid = { ...attributes.type_uid, enum: Object.fromEntries(Object.keys(attributes.activity_id.enum ?? {}).map((activity) => [uid * 100 + Number(activity), {}])) };
  return { uid, categoryUid: category.uid, attributes };
}

function scalarType(type: string): string {
  const types = SCHEMA["dictionary.json"].types.attributes;
  let current = type;
  while (types[current]?.type) current = types[current].type as string;
  return current;
}

function typeProblem(value: unknown, type: string): string | null {
  const base = scalarType(type);
  const ok: Record<string, (v: unknown) => boolean> = {
    string_t: (v) => typeof v === "string",
    integer_t: (v) => Number.isInteger(v),
    long_t: (v) => Number.isInteger(v),
    float_t: (v) => typeof v === "number",
    boolean_t: (v) => typeof v === "boolean",
    json_t: () => true,
    object: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  };
  const check = ok[base];
  if (!check) return `has type ${type}, which test/fixtures/ocsf does not define`;
  return check(value) ? null : `is not ${type} (${base})`;
}

/** Every problem of `value` against the attributes: required ones missing, wrong types, values outside an enum, unknown attributes. */
export function problems(value: Record<string, unknown>, attributes: Record<string, Attribute>, profiles: readonly string[], at = ""): string[] {
  const found: string[] = [];
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.requirement === "required" && (value[name] === undefined || value[name] === null)) found.push(`${at}${name} is required`);
  }
  for (const [name, given] of Object.entries(value)) {
    const attribute = attributes[name];
    if (!attribute) {
      found.push(`${at}${name} is not an attribute here`);
      continue;
    }
    if (attribute.is_array !== Array.isArray(given) && !(attribute.is_array === undefined && !Array.isArray(given))) {
      found.push(`${at}${name} ${attribute.is_array ? "must" : "must not"} be an array`);
      continue;
    }
    for (const item of Array.isArray(given) ? given : [given]) {
      const type = attribute.type ?? "";
      const isObject = type !== "object" && Object.entries(SCHEMA).some(([file, d]) => file.startsWith("objects/") && (d as Definition).name === type);
      if (isObject) {
        found.push(...problems(item as Record<string, unknown>, resolve("objects", type, profiles).attributes, profiles, `${at}${name}.`));
        continue;
      }
      const problem = typeProblem(item, type);
      if (problem) found.push(`${at}${name} ${problem}`);
      if (attribute.enum && !Object.keys(attribute.enum).includes(String(item))) found.push(`${at}${name}=${String(item)} is not one of ${Object.keys(attribute.enum).join(", ")}`);
    }
  }
  return found;
}
