/** Typed reads of values from JSON.parse output, where any field may be missing or of an unexpected type. */

export type JsonObject = Record<string, unknown>;

export function stringField(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A non-empty string: AWS logs use "" as often as they omit a field. */
export function presentString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

export function objectField(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** Booleans AWS writes either as JSON booleans or as the strings "true" / "false". */
export function booleanField(value: unknown): boolean | undefined {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return undefined;
}

/** Epoch ms of an ISO-8601 time; a time without a zone is UTC (some exporters drop the "Z" and use a space). */
export function isoTime(value: unknown): number | undefined {
  if (typeof value !== "string" || value.length === 0) return undefined;
  // Date.parse would read a zone-less time as local time.
  const time = hasZone(value) ? Date.parse(value) : Date.parse(`${value.replace(" ", "T")}Z`);
  return Number.isNaN(time) ? undefined : time;
}

function hasZone(value: string): boolean {
  const last = value.charCodeAt(value.length - 1);
  return last === 0x5a || last === 0x7a || /[+-]\d{2}:?\d{2}$/.test(value);
}
