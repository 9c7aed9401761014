import { type FindingPublishingFrequency, Prisma } from "../../generated/prisma/client.js";
import { visibleToAccountSql } from "../findings/finding-visibility.js";
import { associatedStatusesSql } from "../memberships/associated.js";
import type { Database } from "../prisma.js";

export type PublishedFinding = { id: string; updatedAt: Date; data: Record<string, unknown> };

/** Whose findings a destination may carry: its account's visible ones, never suppressed, and for S3 only active ones. */
export type PublishableScope = { accountRowId: string; activeOnly: boolean };

export type UpdatesWindow = { from: string; to: string; after?: { updatedAt: string; id: string }; limit: number };

/** A destination with the start of its next updates window and the frequency that governs it. */
export type UpdatesCandidate = { id: string; since: Date; frequency: FindingPublishingFrequency };

async function publishableSql(db: Database, scope: PublishableScope): Promise<Prisma.Sql> {
  const active = scope.activeOnly ? Prisma.sql`AND NOT f.archived` : Prisma.empty;
  return Prisma.sql`${await visibleToAccountSql(db, scope.accountRowId)} AND NOT f.suppressed ${active}`;
}

export async function publishableFindingsByIds(db: Database, scope: PublishableScope, findingIds: readonly string[]): Promise<PublishedFinding[]> {
  return db.$queryRaw<PublishedFinding[]>(Prisma.sql`
    SELECT f.id, f."updatedAt", f.data FROM findings f
    WHERE f.id = ANY(${[...findingIds]}::varchar[]) AND ${await publishableSql(db, scope)}
    ORDER BY f.id`);
}

/**
 * Publishable findings changed after their creation within the window, oldest change first, after
 * the last one sent, a page at a time: each page starts after the last row of the one before.
 */
export async function* publishableUpdatePages(db: Database, scope: PublishableScope, window: UpdatesWindow): AsyncGenerator<PublishedFinding[]> {
  const publishable = await publishableSql(db, scope);
  let after = window.after;
  for (;;) {
    const cursor = after ? Prisma.sql`AND (f."updatedAt", f.id) > (${after.updatedAt}::timestamptz, ${after.id})` : Prisma.empty;
    const page = await db.$queryRaw<PublishedFinding[]>(Prisma.sql`
      SELECT f.id, f."updatedAt", f.data FROM findings f
      WHERE f."updatedAt" > ${window.from}::timestamptz AND f."updatedAt" <= ${window.to}::timestamptz AND f."updatedAt" > f."createdAt"
        AND ${publishable} ${cursor}
      ORDER BY f."updatedAt", f.id LIMIT ${window.limit}`);
    yield page;
    if (page.length < window.limit) return;
    const last = page[page.length - 1];
    after = { updatedAt: last.updatedAt.toISOString(), id: last.id };
  }
}

/** Every live destination, with the frequency its administrator's detector (else its own) sets. */
export function updatesCandidates(db: Database): Promise<UpdatesCandidate[]> {
  return db.$queryRaw<UpdatesCandidate[]>(Prisma.sql`
    SELECT pd.id, COALESCE(pd."updatesPublishedUntil", pd."createdAt") AS since,
      COALESCE(ad."findingPublishingFrequency", d."findingPublishingFrequency") AS frequency
    FROM publishing_destinations pd JOIN detectors d ON d.id = pd."detectorId"
    LEFT JOIN memberships m ON m."memberId" = d."accountId" AND m."relationshipStatus" IN (${associatedStatusesSql()})
    LEFT JOIN detectors ad ON ad."accountId" = m."administratorId"
    WHERE pd.status <> 'STOPPED'`);
}

/** Compare-and-set of the window's end: true for the one caller that moved it from `since`. */
export async function claimUpdatesWindow(db: Database, candidate: UpdatesCandidate, until: Date): Promise<boolean> {
  const claimed = await db.$executeRaw`
    UPDATE publishing_destinations SET "updatesPublishedUntil" = ${until}
    WHERE id = ${candidate.id} AND COALESCE("updatesPublishedUntil", "createdAt") = ${candidate.since}`;
  return claimed === 1;
}

/** A failing destination is publishing again. */
export async function markDestinationDelivered(db: Database, destinationId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE publishing_destinations SET status = CASE WHEN status = 'STOPPED' THEN status ELSE 'PUBLISHING' END, "lastError" = NULL, "publishingFailureStartedAt" = NULL
    WHERE id = ${destinationId} AND ("lastError" IS NOT NULL OR status = 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY')`;
}

/** Records the error; `final` also marks the destination unable to publish. */
export async function markDestinationFailed(db: Database, destinationId: string, error: string, final: boolean): Promise<void> {
  await db.$executeRaw`
    UPDATE publishing_destinations SET "lastError" = ${error},
      "publishingFailureStartedAt" = COALESCE("publishingFailureStartedAt", now()),
      status = CASE WHEN ${final} AND status <> 'STOPPED' THEN 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY'::"PublishingStatus" ELSE status END
    WHERE id = ${destinationId}`;
}
