import type { FindingRecord } from "../../db/findings/finding-record.js";

/** A finding as the findings services hand it out: exactly the stored row, nothing hidden or added. */
export type StoredFinding = FindingRecord;
