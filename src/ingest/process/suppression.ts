import type { Finding } from "../../detection/findings/types.js";

/**
 * Suppression rules (saved filters with action ARCHIVE) archive matching new findings as they are
 * created. The filters feature provides the implementation; until a detector has rules, nothing is
 * suppressed.
 */
export interface SuppressionRules {
  /** The ids, among `findings`, that the detector's suppression rules match. */
  suppressedIds(detectorId: string, findings: readonly Finding[]): Promise<ReadonlySet<string>>;
}

export const WITHOUT_SUPPRESSION_RULES: SuppressionRules = { suppressedIds: async () => new Set() };
