/**
 * Panther's hand-written CloudTrail records (its rule tests, used by rule tests and the evaluation)
 * sometimes omit the envelope (eventTime, account) that every delivered CloudTrail record has and the
 * parser requires; neutral values stand in for those only.
 */
export function pantherRecord(log: Record<string, unknown>): Record<string, unknown> {
  return { eventTime: "2024-01-01T00:00:00Z", recipientAccountId: "123456789012", ...log };
}
