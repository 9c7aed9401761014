import { Prisma } from "../../generated/prisma/client.js";

/** A finding row as the finding queries return it: the GuardDuty JSON plus the columns beside it. */
export type FindingRecord = {
  id: string;
  detectorId: string;
  accountId: string;
  type: string;
  severity: number;
  count: number;
  archived: boolean;
  suppressed: boolean;
  sample: boolean;
  feedback: string | null;
  feedbackNote: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** GuardDuty's finding JSON, as GetFindings returns it. */
  data: Record<string, unknown>;
  /** The log events the finding came from (the latest few): `{ object, line?, eventId? }` each. */
  sourceEvents: unknown;
  /** Why data.confidence is what it is; null on findings written before Vigil kept it. */
  confidenceReason: string | null;
};

export const FINDING_RECORD_COLUMNS = (table: string) =>
  Prisma.raw(
    ["id", "detectorId", "accountId", "type", "severity", "count", "archived", "suppressed", "sample", "feedback", "feedbackNote", "createdAt", "updatedAt", "data", "sourceEvents", "confidenceReason"]
      .map((column) => `${table}."${column}"`)
      .join(", "),
  );
