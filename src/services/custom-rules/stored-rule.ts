/** A stored custom rule as services present it, and the checks a rule passes before it is stored. */
import { compileSigmaRule, type CompiledSigmaRule } from "../../detection/custom/sigma/compile.js";
import { SigmaRuleError } from "../../detection/custom/sigma/errors.js";
import { implementedTypes } from "../../detection/catalogue.js";
import type { CustomRule, CustomRuleFault, CustomRuleFaultReason, CustomRuleScope } from "../../generated/prisma/client.js";
import { InvalidInputError } from "../errors.js";

/** A rule file is a page of YAML, not a data set. */
export const MAX_RULE_BYTES = 65_536;
export const MAX_RULES_PER_DETECTOR = 200;

/** ACTIVE runs; DISABLED was switched off by its owner; FAILED (threw) and TOO_SLOW were switched off by a worker. */
export type CustomRuleStatus = "ACTIVE" | "DISABLED" | "FAILED" | "TOO_SLOW";

export type CustomRuleFaultView = { detectorId: string; reason: CustomRuleFaultReason; message: string; version: number; at: Date };

export type StoredCustomRule = {
  id: string;
  detectorId: string;
  rule: string;
  sigmaId: string;
  title: string;
  author: string;
  findingType: string;
  severity: number;
  scope: CustomRuleScope;
  enabled: boolean;
  version: number;
  status: CustomRuleStatus;
  statusMessage: string | null;
  /** Detectors (its own, or its administrator's members') for which a worker switched the rule off. */
  faults: CustomRuleFaultView[];
  createdAt: Date;
  updatedAt: Date;
};

const FAULT_STATUS: Record<CustomRuleFaultReason, CustomRuleStatus> = { ERROR: "FAILED", SLOW: "TOO_SLOW" };

export function presentRule(row: CustomRule & { faults: CustomRuleFault[] }): StoredCustomRule {
  const faults = row.faults.filter((fault) => fault.version === row.version).map(({ detectorId, reason, message, version, at }) => ({ detectorId, reason, message, version, at }));
  const own = faults.find((fault) => fault.detectorId === row.detectorId);
  const status: CustomRuleStatus = !row.enabled ? "DISABLED" : own ? FAULT_STATUS[own.reason] : "ACTIVE";
  return {
    id: row.id,
    detectorId: row.detectorId,
    rule: row.source,
    sigmaId: row.sigmaId,
    title: row.title,
    author: row.author,
    findingType: row.findingType,
    severity: row.severity,
    scope: row.scope,
    enabled: row.enabled,
    version: row.version,
    status,
    statusMessage: status === "DISABLED" ? "switched off (enabled: false)" : (own?.message ?? null),
    faults,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A finding type in GuardDuty's grammar under `Custom:`, or one of the types Vigil raises. */
function checkFindingType(findingType: string | null | undefined): void {
  if (findingType === null || findingType === undefined || findingType.startsWith("Custom:")) return;
  if (!implementedTypes().has(findingType)) {
    throw new InvalidInputError(`findingType: '${findingType}' is neither a Custom: type (Custom:IAMUser/MyRule) nor a finding type Vigil raises.`);
  }
}

/** Compiles the rule as a worker will; errors name the line and field (`rule: line 12: field 'detection.selection': …`). */
export function compileForStorage(source: string, options: { findingType?: string | null; severity?: number | null }): CompiledSigmaRule {
  if (Buffer.byteLength(source, "utf8") > MAX_RULE_BYTES) throw new InvalidInputError(`rule: at most ${MAX_RULE_BYTES} bytes.`);
  if (options.severity !== null && options.severity !== undefined && !(options.severity >= 1 && options.severity <= 10)) {
    throw new InvalidInputError(`severity: ${options.severity} is not between 1.0 and 10.0.`);
  }
  checkFindingType(options.findingType);
  try {
    return compileSigmaRule(source, { findingType: options.findingType ?? undefined, severity: options.severity ?? undefined });
  } catch (error) {
    if (error instanceof SigmaRuleError) throw new InvalidInputError(`rule: ${error.message}`);
    throw error;
  }
}
