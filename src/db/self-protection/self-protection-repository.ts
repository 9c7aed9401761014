import type { Finding } from "../../detection/findings/types.js";
import { Prisma } from "../../generated/prisma/client.js";
import { type UpsertedFinding, upsertFindings } from "../findings/finding-upserts.js";
import type { Database } from "../prisma.js";
import { inTransaction } from "../transaction.js";

/** How many of a source's latest objects its rhythm is learnt from. */
const ACTIVITY_OBJECTS = 30;
const STORED_HIGH_FINDINGS = 500;

/**
 * Writes self-protection findings, never suppressed (a suppression rule must not hide that detection
 * was blinded). `onlyNew`: findings already stored are left as they are, so a watch that notices the
 * same failure every round raises it once.
 */
export async function writeSelfProtectionFindings(db: Database, findings: readonly Finding[], options: { onlyNew: boolean }): Promise<UpsertedFinding[]> {
  if (findings.length === 0) return [];
  return inTransaction(db, async (tx) => {
    let fresh = findings;
    if (options.onlyNew) {
      const stored = await tx.finding.findMany({ where: { id: { in: findings.map((f) => f.id) } }, select: { id: true } });
      const storedIds = new Set(stored.map((row) => row.id));
      fresh = findings.filter((finding) => !storedIds.has(finding.id));
    }
    return fresh.length > 0 ? upsertFindings(tx, fresh) : [];
  });
}

/** The detector of each account that has one, by account row id. */
export async function detectorsOfAccounts(db: Database, accountRowIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.detector.findMany({ where: { accountId: { in: [...accountRowIds] } }, select: { id: true, accountId: true } });
  return new Map(rows.map((row) => [row.accountId, row.id]));
}

/** The account (row id and 12-digit id) owning a detector; null once it is deleted. */
export async function detectorOwner(db: Database, detectorId: string): Promise<{ accountRowId: string; accountId: string } | null> {
  const row = await db.detector.findUnique({ where: { id: detectorId }, select: { account: { select: { id: true, accountId: true } } } });
  return row ? { accountRowId: row.account.id, accountId: row.account.accountId } : null;
}

/** 12-digit account ids by row id. */
export async function accountIdsOf(db: Database, accountRowIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.account.findMany({ where: { id: { in: [...accountRowIds] } }, select: { id: true, accountId: true } });
  return new Map(rows.map((row) => [row.id, row.accountId]));
}

/** The detector's latest High findings (not samples), for what a suppression rule would archive. */
export async function storedHighFindings(db: Database, detectorId: string): Promise<Finding[]> {
  const rows = await db.finding.findMany({
    where: { detectorId, severity: { gte: 7 }, sample: false },
    orderBy: { updatedAt: "desc" },
    take: STORED_HIGH_FINDINGS,
    select: { data: true },
  });
  return rows.map((row) => row.data as unknown as Finding);
}

/** An enabled source of an enabled detector, with what the watch needs to judge it. */
export type WatchedSource = {
  id: string;
  name: string;
  kind: string;
  pollIntervalSeconds: number;
  status: string;
  lastError: string | null;
  failingSince: Date | null;
  accountRowId: string;
  accountId: string;
  /** When its latest objects were processed. */
  processedAt: Date[];
};

/** One page of watched sources (by id), each with the processing times of its latest objects. */
export function watchedSourcesPage(db: Database, after: string | null, size: number): Promise<WatchedSource[]> {
  return db.$queryRaw<WatchedSource[]>(Prisma.sql`
    SELECT s.id, s.name, s.kind::text AS kind, s."pollIntervalSeconds", s.status::text AS status, s."lastError", s."failingSince",
      a.id AS "accountRowId", a."accountId",
      COALESCE(ARRAY(SELECT o."processedAt" FROM ingested_objects o WHERE o."logSourceId" = s.id
        ORDER BY o."processedAt" DESC LIMIT ${ACTIVITY_OBJECTS}), '{}') AS "processedAt"
    FROM log_sources s JOIN detectors d ON d.id = s."detectorId" JOIN accounts a ON a.id = d."accountId"
    WHERE s.enabled AND d.status = 'ENABLED'::"DetectorStatus" AND (${after}::uuid IS NULL OR s.id > ${after}::uuid)
    ORDER BY s.id LIMIT ${size}`);
}

/** Public addresses named by the detector's unarchived findings of the last days, for what a trusted list covers. */
export async function recentFindingAddresses(db: Database, detectorId: string, since: Date): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ address: string }>>(Prisma.sql`
    SELECT DISTINCT address FROM findings f, LATERAL (VALUES
      (f.data #>> '{service,action,awsApiCallAction,remoteIpDetails,ipAddressV4}'),
      (f.data #>> '{service,action,awsApiCallAction,remoteIpDetails,ipAddressV6}'),
      (f.data #>> '{service,action,networkConnectionAction,remoteIpDetails,ipAddressV4}'),
      (f.data #>> '{service,action,networkConnectionAction,remoteIpDetails,ipAddressV6}')) AS named(address)
    WHERE f."detectorId" = ${detectorId} AND NOT f.archived AND NOT f.sample AND f."updatedAt" >= ${since} AND address IS NOT NULL
    LIMIT 10000`);
  return rows.map((row) => row.address);
}
