import type { FilterAction } from "../../generated/prisma/client.js";
import { InvalidInputError } from "../errors.js";

// GuardDuty's rules for filters (reference §1.6, §6).
const NAME = /^[A-Za-z0-9._-]{3,64}$/;
const MAX_DESCRIPTION = 512;
const MIN_RANK = 1;
export const MAX_RANK = 100;

export function validateFilterName(name: string): string {
  if (!NAME.test(name)) throw new InvalidInputError("A filter name is 3 to 64 characters: letters, digits, '.', '_' and '-'.");
  return name;
}

export function validateDescription(description: string | null | undefined): string | null | undefined {
  if (description && description.length > MAX_DESCRIPTION) throw new InvalidInputError(`A filter description is at most ${MAX_DESCRIPTION} characters.`);
  return description;
}

export function validateRank(rank: number | null | undefined): number | undefined {
  if (rank === null || rank === undefined) return undefined;
  if (!Number.isInteger(rank) || rank < MIN_RANK || rank > MAX_RANK) throw new InvalidInputError(`rank must be between ${MIN_RANK} and ${MAX_RANK}.`);
  return rank;
}

/** ARCHIVE filters silence findings: changing one is what someone covering their tracks would do. */
export function isSuppressionRule(action: FilterAction): boolean {
  return action === "ARCHIVE";
}
