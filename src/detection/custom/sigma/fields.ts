/**
 * Field paths into the raw record. `requestParameters.userName` walks nested maps; a key that itself
 * holds dots (a few logs write flat "a.b" keys) is tried whole first. Arrays on the way are walked
 * element by element, so a path reaches every value it names.
 */
export type FieldGetter = (record: Record<string, unknown>) => readonly unknown[];

const NOTHING: readonly unknown[] = Object.freeze([]);

function collect(value: unknown, segments: readonly string[], rests: readonly string[], index: number, out: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, segments, rests, index, out);
    return;
  }
  if (index === segments.length) {
    if (value !== undefined) out.push(value);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const object = value as Record<string, unknown>;
  if (index < segments.length - 1 && Object.hasOwn(object, rests[index]!)) collect(object[rests[index]!], segments, rests, segments.length, out);
  collect(object[segments[index]!], segments, rests, index + 1, out);
}

export function fieldGetter(path: string): FieldGetter {
  const segments = path.split(".");
  // The rest of the path from each segment on, for flat "a.b" keys, joined once here rather than per event.
  const rests = segments.map((_segment, index) => segments.slice(index).join("."));
  const [head] = segments;
  if (segments.length === 1) {
    return (record) => {
      const value = record[head!];
      if (value === undefined) return NOTHING;
      if (!Array.isArray(value)) return [value];
      const out: unknown[] = [];
      collect(value, segments, rests, 1, out);
      return out;
    };
  }
  return (record) => {
    const out: unknown[] = [];
    collect(record, segments, rests, 0, out);
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
