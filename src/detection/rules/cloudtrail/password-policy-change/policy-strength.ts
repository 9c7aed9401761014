/**
 * How far an account password policy set by UpdateAccountPasswordPolicy falls short of a strong
 * baseline. CloudTrail records the new policy only, not the one it replaced, so the judgement is on
 * the policy as set. Parameters left out take IAM's defaults (8 characters, nothing required, no
 * reuse prevention). Password expiry is not scored: current guidance (NIST SP 800-63B) advises
 * against forced rotation.
 */
import { field, flag, type Json } from "../shared/request.js";

export type PolicyWeakness = { points: number; reason: string };

const CHARACTER_CLASSES = ["requireSymbols", "requireNumbers", "requireUppercaseCharacters", "requireLowercaseCharacters"];
const IAM_DEFAULT_MINIMUM_LENGTH = 8;

function numberParameter(parameters: Json | null, name: string): number | undefined {
  const value = Number(field(parameters, name));
  return Number.isFinite(value) ? value : undefined;
}

export function passwordPolicyWeaknesses(parameters: Json | null): PolicyWeakness[] {
  const weaknesses: PolicyWeakness[] = [];
  const length = numberParameter(parameters, "minimumPasswordLength") ?? IAM_DEFAULT_MINIMUM_LENGTH;
  if (length < 8) weaknesses.push({ points: 3, reason: `minimum length ${length} (under 8)` });
  else if (length < 12) weaknesses.push({ points: 2, reason: `minimum length ${length} (under 12)` });
  else if (length < 14) weaknesses.push({ points: 1, reason: `minimum length ${length} (under 14)` });
  const required = CHARACTER_CLASSES.filter((name) => flag(field(parameters, name)) === true).length;
  if (required === 0) weaknesses.push({ points: 2, reason: "no character classes required" });
  else if (required < 3) weaknesses.push({ points: 1, reason: `only ${required} character class(es) required` });
  const reuse = numberParameter(parameters, "passwordReusePrevention") ?? 0;
  if (reuse === 0) weaknesses.push({ points: 1, reason: "previous passwords may be reused" });
  return weaknesses;
}
