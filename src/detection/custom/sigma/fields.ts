/**
 * Field paths into the raw record. `requestParameters.userName` walks nested maps; a key that itself
 * holds dots (a few logs write flat "a.b" keys) is tried whole first. Arrays on the way are walked
 * element by element, so a path reaches every value it names.
 */
export type FieldGetter = (record: Record<string, unknown>) => unknown[];

function collect(value: unknown, segments: readonly string[], index: number, out: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, segments, index, out);
    return;
  }
  if (index === segments.length) {
    if (value !== undefined) out.push(value);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const object = value as Record<string, unknown>;
  const rest = segments.slice(index).join(".");
  if (index < segments.length - 1 && Object.hasOwn(object, rest)) collect(object[rest], segments, segments.length, out);
  collect(object[segments[index]!], segments, index + 1, out);
}

export function fieldGetter(path: string): FieldGetter {
  const segments = path.split(".");
  return (record) => {
    const out: unknown[] = [];
    collect(record, segments, 0, out);
    return out;
  };
}

/** Every string (and number or boolean, as text) inside a value, for matching text against a map or list. */
export function leafTexts(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (typeof value === "number" || typeof value === "boolean") out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) leafTexts(item, out);
  else if (typeof value === "object" && value !== null) for (const item of Object.values(value)) leafTexts(item, out);
  return out;
}
