/**
 * requestParameters are logged as the service received them: XML-bodied S3 calls keep their element
 * names (PublicAccessBlockConfiguration), JSON APIs use camelCase, headers arrive as one-element
 * arrays (["public-read"]), booleans sometimes as strings, and policies as objects or JSON text.
 * These helpers read all of those spellings.
 */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A field by name, ignoring case (S3 logs both "Host" and "host"). */
export function field(object: unknown, name: string): unknown {
  if (!isObject(object)) return undefined;
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) return object[key];
  return undefined;
}

/** A header-like value: "x" or ["x"] → "x". */
export function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return undefined;
}

/** true/false from a boolean or its text; undefined otherwise. */
export function flag(value: unknown): boolean | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "string") {
    const lower = raw.trim().toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
  }
  return undefined;
}

/** A policy document given as an object or as JSON text; undefined when it is neither. */
export function jsonDocument(value: unknown): Json | undefined {
  if (isObject(value)) return value;
  const raw = text(value);
  if (!raw || !raw.trim().startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A call that AWS refused or that failed changed nothing, so configuration rules skip it. */
export function succeeded(event: { errorCode?: string }): boolean {
  return !event.errorCode;
}
