/**
 * Reading an S3 lifecycle configuration as CloudTrail logs it (the XML body turned into objects: one
 * Rule is an object, several are an array; numbers may arrive as text). A rule "expires everything
 * quickly" when it is enabled, expires current objects within SHORT_EXPIRY_DAYS (by Days, or by a
 * Date that close to the call), and its filter reaches every object or CloudTrail's key prefix: no
 * filter, an empty prefix, or a prefix naming AWSLogs/ or CloudTrail. Tag and object-size filters
 * select only some objects and are left alone, as are noncurrent-version rules (current logs stay).
 */
import { asArray, field, isObject, text } from "../shared/request.js";

/** "Within a few days": CloudTrail delivers every few minutes, so anything this short is log destruction. */
export const SHORT_EXPIRY_DAYS = 3;
const DAY_MS = 86_400_000;

export type ShortExpiry = { ruleId: string; days: number; scope: "every object" | "CloudTrail's log prefix"; prefix: string };

function number(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  const raw = text(value)?.trim();
  return raw && Number.isFinite(Number(raw)) ? Number(raw) : undefined;
}

/** Days until current objects expire, or undefined when the rule does not expire them. */
function expiryDays(expiration: unknown, callTime: number): number | undefined {
  const days = number(field(expiration, "Days"));
  if (days !== undefined) return days;
  const date = Date.parse(text(field(expiration, "Date")) ?? "");
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - callTime) / DAY_MS));
}

/** The rule's prefix when its filter reaches objects by prefix alone, or undefined when it narrows otherwise. */
function prefixOnly(rule: unknown): string | undefined {
  const filter = field(rule, "Filter");
  if (filter === undefined || filter === null || filter === "") return text(field(rule, "Prefix")) ?? "";
  if (!isObject(filter)) return undefined;
  const narrowing = ["Tag", "And", "ObjectSizeGreaterThan", "ObjectSizeLessThan"].some((name) => field(filter, name) !== undefined);
  if (narrowing) return undefined;
  return text(field(filter, "Prefix")) ?? "";
}

function scopeOf(prefix: string): ShortExpiry["scope"] | undefined {
  if (prefix === "" || prefix === "/") return "every object";
  const lower = prefix.toLowerCase();
  return lower.includes("awslogs") || lower.includes("cloudtrail") ? "CloudTrail's log prefix" : undefined;
}

export function shortExpiry(configuration: unknown, callTime: number): ShortExpiry | undefined {
  for (const rule of asArray(field(configuration, "Rule"))) {
    if (text(field(rule, "Status")) !== "Enabled") continue;
    const days = expiryDays(field(rule, "Expiration"), callTime);
    if (days === undefined || days > SHORT_EXPIRY_DAYS) continue;
    const prefix = prefixOnly(rule);
    const scope = prefix === undefined ? undefined : scopeOf(prefix);
    if (scope && prefix !== undefined) return { ruleId: text(field(rule, "ID")) ?? "(unnamed)", days, scope, prefix };
  }
  return undefined;
}
