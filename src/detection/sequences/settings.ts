/**
 * When signals become an attack sequence. The defaults are chosen so one stolen key that reads
 * secrets, makes itself a backdoor and then blinds logging (3 + 4 + 5 = 12) raises a sequence, while
 * an administrator's day — many stage-2 changes, the odd Describe burst, a trail edit before the
 * changes rather than after — does not: the stages must come in attack order (tactics.ts).
 */
export type SequenceSettings = {
  /** How far back a sequence looks from its newest signal. */
  windowMs: number;
  /** Distinct stages, in attack order, a sequence needs. */
  minStages: number;
  /** Sum, over those stages, of the most severe signal of each. */
  minScore: number;
  /** An enumeration signal: distinct read APIs, over at least this many services, by one actor in one batch. */
  enumerationMinApis: number;
  enumerationMinServices: number;
  /** A denied-calls signal: refused calls by one actor in one batch. */
  deniedBurstMinCalls: number;
  /** Signals kept per account (the oldest go first). */
  maxSignalsPerAccount: number;
};

export const DEFAULT_SEQUENCE_SETTINGS: SequenceSettings = {
  windowMs: 24 * 60 * 60_000,
  minStages: 3,
  minScore: 12,
  enumerationMinApis: 10,
  enumerationMinServices: 3,
  deniedBurstMinCalls: 5,
  maxSignalsPerAccount: 5000,
};

export function sequenceSettings(overrides: Partial<SequenceSettings> = {}): SequenceSettings {
  return { ...DEFAULT_SEQUENCE_SETTINGS, ...overrides };
}
