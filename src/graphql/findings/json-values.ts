/**
 * Reading stored finding JSON for the typed fields. The JSON is Vigil's own, but it outlives code
 * versions (older rows, samples, other writers' shapes such as GuardDuty's 2018 epoch times), so a
 * value of an unexpected type reads as null rather than failing the whole response.
 */
export type Json = Record<string, unknown>;

export function object(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function text(value: unknown): string | null {
  if (typeof value === "string") return value;
  return typeof value === "number" || typeof value === "boolean" ? String(value) : null;
}

export function number(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function integer(value: unknown): number | null {
  return Number.isSafeInteger(value) ? (value as number) : null;
}

export function flag(value: unknown): boolean | null {
  return typeof value === "boolean" ? value : null;
}

export function texts(value: unknown): string[] {
  return list(value).flatMap((item) => text(item) ?? []);
}

/** The named fields of an object as text (null when absent): for the shapes whose fields are all strings. */
export function textFields<K extends string>(value: unknown, keys: readonly K[]): Record<K, string | null> {
  const source = object(value) ?? {};
  const fields = {} as Record<K, string | null>;
  for (const key of keys) fields[key] = text(source[key]);
  return fields;
}

/** An optional nested object, presented only when present. */
export function nested<T>(value: unknown, present: (value: Json) => T): T | null {
  const found = object(value);
  return found ? present(found) : null;
}

/** A list of objects, each presented; anything else in it is left out. */
export function objects<T>(value: unknown, present: (value: Json) => T): T[] {
  return list(value).flatMap((item) => {
    const found = object(item);
    return found ? [present(found)] : [];
  });
}

/** ISO 8601 from an ISO string or epoch milliseconds. */
export function isoTime(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value).toISOString();
  return text(value);
}
