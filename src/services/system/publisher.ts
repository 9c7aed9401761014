import type { Database } from "../../db/prisma.js";
import {
  claimUpdatesWindow,
  destinationIdsForDetector,
  markDestinationDelivered,
  markDestinationFailed,
  type PublishableScope,
  publishableFindingsByIds,
  publishableUpdatePages,
  type PublishedFinding,
  updatesCandidates,
} from "../../db/publishing/publishing-repository.js";
import type { NewFindingsJob, UpdatesJob } from "../../queues/publish.js";
import type { FindingPublishingFrequency, PublishingDestination } from "../../generated/prisma/client.js";
import type { FindingsUpsertedEvent } from "../../realtime/topics.js";
import type { Finding } from "../../detection/findings/types.js";
import type { SecretBox } from "../secrets/secret-box.js";
import { DestinationDelivery, type DeliverySettings } from "../publishing/destination-delivery.js";

export type PublisherSettings = DeliverySettings;

const FREQUENCY_MS: Record<FindingPublishingFrequency, number> = { FIFTEEN_MINUTES: 15 * 60_000, ONE_HOUR: 60 * 60_000, SIX_HOURS: 6 * 60 * 60_000 };
const UPDATES_PAGE = 100;

type Destination = PublishingDestination & { detector: { accountId: string } };

/** What the destination's account may see, never suppressed, and for S3 only active findings. */
function publishableScope(destination: Destination): PublishableScope {
  return { accountRowId: destination.detector.accountId, activeOnly: destination.type === "S3" };
}

/**
 * The system side of publishing, for the publish workers: which destinations a new finding goes to
 * (its detector's and its administrator's), which updates are due at the governing publishing
 * frequency, the deliveries themselves, and each destination's status. Suppressed findings are never
 * published; an S3 export only carries active (unarchived) findings, as GuardDuty's does.
 *
 * A system service (see ./README.md): it acts for no caller, so it takes no Actor.
 */
export class Publisher {
  private readonly delivery: DestinationDelivery;

  constructor(
    private readonly db: Database,
    secrets: SecretBox,
    settings: PublisherSettings,
  ) {
    this.delivery = new DestinationDelivery(secrets, settings);
  }

  async destinationsForNewFindings(event: FindingsUpsertedEvent): Promise<NewFindingsJob[]> {
    const findingIds = event.findings.filter((f) => f.created).map((f) => f.id);
    if (findingIds.length === 0) return [];
    const destinations = await destinationIdsForDetector(this.db, event.detectorId);
    return destinations.map((destinationId) => ({ destinationId, findingIds }));
  }

  /** Returns how many findings went out. */
  async publishNew(job: NewFindingsJob, progress: (sent: number) => Promise<void>): Promise<number> {
    const destination = await this.activeDestination(job.destinationId);
    if (!destination) return 0;
    const findings = await publishableFindingsByIds(this.db, publishableScope(destination), job.findingIds);
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
    const candidates = await updatesCandidates(this.db);
    const jobs: UpdatesJob[] = [];
    for (const candidate of candidates) {
      if (candidate.since.getTime() + FREQUENCY_MS[candidate.frequency] > now.getTime()) continue;
      if (await claimUpdatesWindow(this.db, candidate, now)) jobs.push({ destinationId: candidate.id, from: candidate.since.toISOString(), to: now.toISOString() });
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
    const pages = publishableUpdatePages(this.db, publishableScope(destination), { from: job.from, to: job.to, after: job.after, limit: UPDATES_PAGE });
    let sent = 0;
    for await (const page of pages) {
      await this.send(destination, page, async (count) => {
        const last = page[count - 1];
        await progress({ updatedAt: last.updatedAt.toISOString(), id: last.id });
      });
      sent += page.length;
    }
    return sent;
  }

  /** A delivery went through: a failing destination is publishing again. */
  async recordSuccess(destinationId: string): Promise<void> {
    await markDestinationDelivered(this.db, destinationId);
  }

  /** Every failed attempt is recorded; the status changes once the retries are exhausted (`final`). */
  async recordFailure(destinationId: string, message: string, final: boolean): Promise<void> {
    await markDestinationFailed(this.db, destinationId, message.slice(0, 1000), final);
  }

  private async activeDestination(destinationId: string): Promise<Destination | null> {
    const destination = await this.db.publishingDestination.findUnique({ where: { id: destinationId }, include: { detector: { select: { accountId: true } } } });
    return destination && destination.status !== "STOPPED" ? destination : null;
  }

  /** Delivers in order, reporting as chunks go out how many findings are done. */
  private async send(destination: Destination, findings: PublishedFinding[], progress: (count: number) => Promise<void>): Promise<void> {
    if (findings.length === 0) return;
    await this.delivery.deliver(destination, findings.map((f) => f.data as unknown as Finding), progress);
  }
}
