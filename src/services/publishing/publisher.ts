import type { Database } from "../../db/prisma.js";
import type { NewFindingsJob, UpdatesJob } from "../../queues/publish.js";
import { type FindingPublishingFrequency, Prisma, type PublishingDestination } from "../../generated/prisma/client.js";
import type { FindingsUpsertedEvent } from "../../realtime/topics.js";
import { visibleToAccountSql } from "../findings/finding-visibility.js";
import { ASSOCIATED } from "../policies/relationships.js";
import type { SecretBox } from "../secrets/secret-box.js";
import type { AddressPolicy } from "./address-policy.js";
import { openS3Credentials, openSecret } from "./destination-properties.js";
import { findingEvent } from "./finding-event.js";
import { destinationS3Client, exportFindings } from "./s3-export.js";
import { postWebhook } from "./webhook-delivery.js";

export type PublisherSettings = { policy: AddressPolicy; timeoutMs: number };

const FREQUENCY_MS: Record<FindingPublishingFrequency, number> = { FIFTEEN_MINUTES: 15 * 60_000, ONE_HOUR: 60 * 60_000, SIX_HOURS: 6 * 60 * 60_000 };
const UPDATES_PAGE = 100;

const associated = () => Prisma.join(ASSOCIATED.map((status) => Prisma.sql`${status}::"RelationshipStatus"`));

type Destination = PublishingDestination & { detector: { accountId: string } };
type PublishedFinding = { id: string; updatedAt: Date; data: Record<string, unknown> };

/**
 * The system side of publishing, for the publish workers: which destinations a new finding goes to
 * (its detector's and its administrator's), which updates are due at the governing publishing
 * frequency, the deliveries themselves, and each destination's status. Suppressed findings are never
 * published; an S3 export only carries active (unarchived) findings, as GuardDuty's does.
 */
export class Publisher {
  constructor(
    private readonly db: Database,
    private readonly secrets: SecretBox,
    private readonly settings: PublisherSettings,
  ) {}

  async destinationsForNewFindings(event: FindingsUpsertedEvent): Promise<NewFindingsJob[]> {
    const findingIds = event.findings.filter((f) => f.created).map((f) => f.id);
    if (findingIds.length === 0) return [];
    const destinations = await this.db.$queryRaw<Array<{ id: string }>>(Prisma.sql`
      SELECT pd.id FROM publishing_destinations pd
      WHERE pd.status <> 'STOPPED' AND pd."detectorId" IN (
        SELECT ${event.detectorId}
        UNION ALL
        SELECT ad.id FROM detectors d
        JOIN memberships m ON m."memberId" = d."accountId" AND m."relationshipStatus" IN (${associated()})
        JOIN detectors ad ON ad."accountId" = m."administratorId"
        WHERE d.id = ${event.detectorId})
      ORDER BY pd.id`);
    return destinations.map((destination) => ({ destinationId: destination.id, findingIds }));
  }

  /** Returns how many findings went out. */
  async publishNew(job: NewFindingsJob, progress: (sent: number) => Promise<void>): Promise<number> {
    const destination = await this.activeDestination(job.destinationId);
    if (!destination) return 0;
    const findings = await this.db.$queryRaw<PublishedFinding[]>(Prisma.sql`
      SELECT f.id, f."updatedAt", f.data FROM findings f
      WHERE f.id = ANY(${job.findingIds}::varchar[]) AND ${await this.publishable(destination)}
      ORDER BY f.id`);
    const already = job.sent ?? 0;
    await this.send(destination, findings.slice(already), (sent) => progress(already + sent));
    return findings.length - already;
  }

  /**
   * Claims, for every destination whose publishing interval has passed, the window of updates since
   * its last one. A claim is a compare-and-set, so two sweeps at once never claim a window twice.
   * The administrator's frequency governs its members' destinations, as in GuardDuty.
   */
  async claimDueUpdates(now: Date): Promise<UpdatesJob[]> {
    const candidates = await this.db.$queryRaw<Array<{ id: string; since: Date; frequency: FindingPublishingFrequency }>>(Prisma.sql`
      SELECT pd.id, COALESCE(pd."updatesPublishedUntil", pd."createdAt") AS since,
        COALESCE(ad."findingPublishingFrequency", d."findingPublishingFrequency") AS frequency
      FROM publishing_destinations pd JOIN detectors d ON d.id = pd."detectorId"
      LEFT JOIN memberships m ON m."memberId" = d."accountId" AND m."relationshipStatus" IN (${associated()})
      LEFT JOIN detectors ad ON ad."accountId" = m."administratorId"
      WHERE pd.status <> 'STOPPED'`);
    const jobs: UpdatesJob[] = [];
    for (const candidate of candidates) {
      if (candidate.since.getTime() + FREQUENCY_MS[candidate.frequency] > now.getTime()) continue;
      const claimed = await this.db.$executeRaw`
        UPDATE publishing_destinations SET "updatesPublishedUntil" = ${now}
        WHERE id = ${candidate.id} AND COALESCE("updatesPublishedUntil", "createdAt") = ${candidate.since}`;
      if (claimed === 1) jobs.push({ destinationId: candidate.id, from: candidate.since.toISOString(), to: now.toISOString() });
    }
    return jobs;
  }

  /**
   * Findings changed after their creation within the window, oldest change first: a finding created
   * and never changed since went out as new at once. Returns how many went out.
   */
  async publishUpdates(job: UpdatesJob, progress: (after: { updatedAt: string; id: string }) => Promise<void>): Promise<number> {
    const destination = await this.activeDestination(job.destinationId);
    if (!destination) return 0;
    const publishable = await this.publishable(destination);
    let after = job.after;
    let sent = 0;
    for (;;) {
      const cursor = after ? Prisma.sql`AND (f."updatedAt", f.id) > (${after.updatedAt}::timestamptz, ${after.id})` : Prisma.empty;
      const page = await this.db.$queryRaw<PublishedFinding[]>(Prisma.sql`
        SELECT f.id, f."updatedAt", f.data FROM findings f
        WHERE f."updatedAt" > ${job.from}::timestamptz AND f."updatedAt" <= ${job.to}::timestamptz AND f."updatedAt" > f."createdAt"
          AND ${publishable} ${cursor}
        ORDER BY f."updatedAt", f.id LIMIT ${UPDATES_PAGE}`);
      await this.send(destination, page, async (count) => {
        const last = page[count - 1];
        after = { updatedAt: last.updatedAt.toISOString(), id: last.id };
        await progress(after);
      });
      sent += page.length;
      if (page.length < UPDATES_PAGE) return sent;
    }
  }

  /** A delivery went through: a failing destination is publishing again. */
  async recordSuccess(destinationId: string): Promise<void> {
    await this.db.$executeRaw`
      UPDATE publishing_destinations SET status = CASE WHEN status = 'STOPPED' THEN status ELSE 'PUBLISHING' END, "lastError" = NULL, "publishingFailureStartedAt" = NULL
      WHERE id = ${destinationId} AND ("lastError" IS NOT NULL OR status = 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY')`;
  }

  /** Every failed attempt is recorded; the status changes once the retries are exhausted (`final`). */
  async recordFailure(destinationId: string, message: string, final: boolean): Promise<void> {
    await this.db.$executeRaw`
      UPDATE publishing_destinations SET "lastError" = ${message.slice(0, 1000)},
        "publishingFailureStartedAt" = COALESCE("publishingFailureStartedAt", now()),
        status = CASE WHEN ${final} AND status <> 'STOPPED' THEN 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY'::"PublishingStatus" ELSE status END
      WHERE id = ${destinationId}`;
  }

  private async activeDestination(destinationId: string): Promise<Destination | null> {
    const destination = await this.db.publishingDestination.findUnique({ where: { id: destinationId }, include: { detector: { select: { accountId: true } } } });
    return destination && destination.status !== "STOPPED" ? destination : null;
  }

  /** What the destination's account may see, never suppressed, and for S3 only active findings. */
  private async publishable(destination: Destination): Promise<Prisma.Sql> {
    const active = destination.type === "S3" ? Prisma.sql`AND NOT f.archived` : Prisma.empty;
    return Prisma.sql`${await visibleToAccountSql(this.db, destination.detector.accountId)} AND NOT f.suppressed ${active}`;
  }

  /** Delivers in order, reporting after each finding (webhook) or each export (S3) how many went out. */
  private async send(destination: Destination, findings: PublishedFinding[], progress: (count: number) => Promise<void>): Promise<void> {
    if (findings.length === 0) return;
    if (destination.type === "S3") {
      const target = {
        bucket: destination.s3Bucket ?? "",
        prefix: destination.s3Prefix ?? "",
        region: destination.s3Region ?? "us-east-1",
        endpoint: destination.s3Endpoint,
        credentials: destination.credentialsCipher ? openS3Credentials(this.secrets, destination.id, destination.credentialsCipher) : null,
      };
      const client = destinationS3Client(target, this.settings.policy, this.settings.timeoutMs);
      try {
        await exportFindings(client, target, findings.map((f) => f.data));
      } finally {
        client.destroy();
      }
      return progress(findings.length);
    }
    const secret = openSecret(this.secrets, destination.id, destination.secretCipher ?? "");
    for (const [index, finding] of findings.entries()) {
      const event = findingEvent(finding.data);
      await postWebhook({ url: destination.url ?? "", secret, body: JSON.stringify(event), deliveryId: event.id }, this.settings.policy, this.settings.timeoutMs);
      await progress(index + 1);
    }
  }
}
