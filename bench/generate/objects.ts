import { cloudTrailObjectChunks } from "./cloudtrail.js";
import { dnsObjectChunks } from "./dns.js";
import { flowObjectChunks } from "./flow.js";
import { loadIndicators } from "./indicators.js";
import { seededRandom } from "./random.js";

export type GeneratedKind = "cloudtrail" | "flow" | "dns";
export type GenerateOptions = { maliciousShare?: number; seed?: number; accountId?: string; startTime?: number };

/** The text of one generated log object of about `targetBytes`, in chunks. */
export function objectChunks(kind: GeneratedKind, targetBytes: number, options: GenerateOptions = {}): Generator<string> {
  const random = seededRandom(options.seed ?? 1);
  const mix = {
    accountId: options.accountId ?? "123456789012",
    maliciousShare: options.maliciousShare ?? 0.01,
    startTime: options.startTime ?? Date.parse("2026-11-01T00:00:00Z"),
  };
  const indicators = loadIndicators();
  if (kind === "cloudtrail") return cloudTrailObjectChunks(random, mix, indicators, targetBytes);
  if (kind === "flow") return flowObjectChunks(random, mix, indicators, targetBytes);
  return dnsObjectChunks(random, mix, indicators, targetBytes);
}
