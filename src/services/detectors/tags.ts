import { InvalidInputError } from "../errors.js";

export type Tag = { key: string; value: string };

export const MAX_TAGS = 50; // GuardDuty's limit per resource

/** GuardDuty's key rule: 1 to 128 characters, not starting with "aws:" (reserved for AWS). */
export function validateTagKey(key: string): void {
  if (key.length < 1 || key.length > 128 || key.startsWith("aws:")) throw new InvalidInputError(`Invalid tag key "${key}".`);
}

/** Tags as GuardDuty accepts them, stored as a key → value object. */
export function validateTags(tags: readonly Tag[] | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { key, value } of tags ?? []) {
    validateTagKey(key);
    if (value.length > 256) throw new InvalidInputError(`The value of tag "${key}" is longer than 256 characters.`);
    result[key] = value;
  }
  if (Object.keys(result).length > MAX_TAGS) throw new InvalidInputError(`At most ${MAX_TAGS} tags per resource.`);
  return result;
}
