/** A named selection: a map is all of its fields, a list of maps any of them. */
import type { Fail } from "./errors.js";
import { compileFieldEntry, type RecordTest } from "./field-test.js";

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function compileMap(map: Record<string, unknown>, path: readonly (string | number)[], fail: Fail): RecordTest {
  const tests = Object.entries(map).map(([key, value]) => compileFieldEntry(key, value, [...path, key], fail));
  if (tests.length === 0) fail(path, "an empty selection matches nothing");
  if (tests.length === 1) return tests[0]!;
  return (record) => tests.every((test) => test(record));
}

export function compileSelection(name: string, value: unknown, fail: Fail): RecordTest {
  const path = ["detection", name];
  if (isMap(value)) return compileMap(value, path, fail);
  if (Array.isArray(value) && value.length > 0 && value.every(isMap)) {
    const tests = value.map((map, index) => compileMap(map, [...path, index], fail));
    return (record) => tests.some((test) => test(record));
  }
  return fail(path, "keyword selections (values without field names) are not supported: a selection is a map of fields or a list of maps");
}
