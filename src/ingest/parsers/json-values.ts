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
  const written = awsMillisecondTime(value);
  if (written !== undefined) return written;
  // Date.parse would read a zone-less time as local time.
  const time = hasZone(value) ? Date.parse(value) : Date.parse(`${value.replace(" ", "T")}Z`);
  return Number.isNaN(time) ? undefined : time;
}

function hasZone(value: string): boolean {
  const last = value.charCodeAt(value.length - 1);
  return last === 0x5a || last === 0x7a || /[+-]\d{2}:?\d{2}$/.test(value);
}

const DIGIT_0 = 0x30;

/**
 * Epoch ms of a time in the one form AWS writes in its logs (`2026-11-01T00:00:00.000Z`), read digit by digit:
 * Date.parse costs more than the rest of reading a DNS record. Undefined for any other form, and for fields out of
 * their range, which Date.parse then reads (or refuses) as before; years before 1000 too, which Date.UTC would move.
 */
function awsMillisecondTime(value: string): number | undefined {
  if (value.length !== 24 || value[4] !== "-" || value[7] !== "-" || value[10] !== "T" || value[13] !== ":" || value[16] !== ":" || value[19] !== "." || value[23] !== "Z") {
    return undefined;
  }
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  const millisecond = digitsAt(value, 20, 3);
  // A field that is not all digits is -1, so out of range too.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millisecond < 0) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
}

/** The decimal number of `count` characters from `from`, or -1 when one of them is not a digit. */
function digitsAt(text: string, from: number, count: number): number {
  let result = 0;
  for (let at = from; at < from + count; at++) {
    const digit = text.charCodeAt(at) - DIGIT_0;
    if (digit < 0 || digit > 9) return -1;
    result = result * 10 + digit;
  }
  return result;
}
