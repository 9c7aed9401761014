import type { Database } from "../../db/prisma.js";
import {
  claimDueDeliveries,
  type ClaimedDelivery,
  type DeliveryClaim,
  failDeliveries,
  finishDeliveries,
  pendingDeliveryCount,
  purgeFinishedDeliveries,
  takeClaim,
} from "../../db/publishing/delivery-outbox.js";
import {
  claimUpdatesWindow,
  markDestinationDelivered,
  markDestinationFailed,
  type PublishableScope,
  publishableFindingsByIds,
  publishableUpdatePages,
  type PublishedFinding,
  updatesCandidates,
} from "../../db/publishing/publishing-repository.js";
import type { UpdatesJob } from "../../queues/publish.js";
import { publishRetryDelay } from "../../queues/publish-backoff.js";
import type { FindingPublishingFrequency, PublishingDestination } from "../../generated/prisma/client.js";
import type { Finding } from "../../detection/findings/types.js";
import type { SecretBox } from "../secrets/secret-box.js";
import { DestinationDelivery, type DeliverySettings, type OutgoingFinding } from "../publishing/destination-delivery.js";
import { PermanentDeliveryError, RetryableDeliveryError } from "../publishing/http-post.js";

export type PublisherSettings = DeliverySettings;

/** How the outbox is worked: the attempts before a delivery is dead, the first retry's delay, a claim's lease. */
export type OutboxSettings = { attempts: number; backoffMs: number; leaseMs: number };

/** What one claim came to: how many findings went out, and whether the attempt failed (and for good). */
export type ClaimOutcome = { sent: number; failed: null | { message: string; dead: boolean; /** When the retry is due; null once dead. */ retryInMs: number | null } };

const FREQUENCY_MS: Record<FindingPublishingFrequency, number> = { FIFTEEN_MINUTES: 15 * 60_000, ONE_HOUR: 60 * 60_000, SIX_HOURS: 6 * 60 * 60_000 };
const UPDATES_PAGE = 100;
/** Deliveries of one destination in one job: a Splunk batch or an S3 export file carries up to this many. */
const DELIVERIES_PER_CLAIM = 100;
const CLAIMS_PER_SWEEP = 2_000;
/** Sent and skipped deliveries are kept this long (a receiver asking "did you send X?"), dead ones until replayed. */
const FINISHED_DELIVERY_RETENTION_MS = 7 * 86_400_000;

type Destination = PublishingDestination & { detector: { accountId: string } };

/** What the destination's account may see, never suppressed, and for S3 only active findings. */
function publishableScope(destination: Destination): PublishableScope {
  return { accountRowId: destination.detector.accountId, activeOnly: destination.type === "S3" };
}

/**
 * The system side of publishing, for the publish workers: the outbox of new findings' deliveries
 * (claimed by a relay, sent by a job, retried with backoff from PostgreSQL, dead after the last
 * attempt), which updates are due at the governing publishing frequency, and each destination's
 * status. Suppressed findings are never published; an S3 export only carries active (unarchived)
 * findings, as GuardDuty's does.
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

  /** Due deliveries, one claim per destination and batch: what the relay queues as jobs. */
  claimDueDeliveries(leaseMs: number): Promise<DeliveryClaim[]> {
    return claimDueDeliveries(this.db, { limit: CLAIMS_PER_SWEEP, perJob: DELIVERIES_PER_CLAIM, leaseMs });
  }

  /**
   * Sends what a claim still holds. Each chunk is recorded as it goes out (so a retry never sends
   * it again), and a failure schedules the rest for a retry from PostgreSQL or, once the attempts
   * are spent or the receiver refused it for good, makes it dead.
   */
  async deliverClaim({ destinationId, claim }: DeliveryClaim, settings: OutboxSettings): Promise<ClaimOutcome> {
    const held = await takeClaim(this.db, claim, settings.leaseMs);
    if (held.length === 0) return { sent: 0, failed: null };
    const destination = await this.activeDestination(destinationId);
    // A stopped destination receives nothing, as GuardDuty's: what was found meanwhile is not sent later.
    if (!destination) {
      await finishDeliveries(this.db, claim, held.map((d) => d.id), "SKIPPED", settings.leaseMs);
      return { sent: 0, failed: null };
    }
    const findings = new Map((await publishableFindingsByIds(this.db, publishableScope(destination), [...new Set(held.map((d) => d.findingId))])).map((f) => [f.id, f]));
    const unpublishable = held.filter((d) => !findings.has(d.findingId)).map((d) => d.id);
    await finishDeliveries(this.db, claim, unpublishable, "SKIPPED", settings.leaseMs);
    const outgoing = held.filter((d) => findings.has(d.findingId)).map((d) => ({ finding: findings.get(d.findingId)!.data as unknown as Finding, idempotencyKey: d.id }));
    let sent = 0;
    try {
      await this.delivery.deliver(destination, outgoing, async (chunk) => {
        await finishDeliveries(this.db, claim, chunk.sent.map(keyOf), "DELIVERED", settings.leaseMs);
        await finishDeliveries(this.db, claim, chunk.filtered.map(keyOf), "SKIPPED", settings.leaseMs);
        sent += chunk.sent.length;
      });
    } catch (error) {
      const message = (error as Error).message.slice(0, 1000);
      const attempt = Math.max(...held.map((d: ClaimedDelivery) => d.attempts)) + 1;
      const dead = error instanceof PermanentDeliveryError || attempt >= settings.attempts;
      const retryAfter = error instanceof RetryableDeliveryError ? error.retryAfterMs : null;
      const retryInMs = dead ? null : publishRetryDelay(attempt, settings.backoffMs, retryAfter);
      await failDeliveries(this.db, claim, message, retryInMs === null ? { dead: true } : { dead: false, retryInMs });
      await markDestinationFailed(this.db, destinationId, message, dead);
      return { sent, failed: { message, dead, retryInMs } };
    }
    await markDestinationDelivered(this.db, destinationId);
    return { sent, failed: null };
  }

  /** Deliveries waiting to go out: the outbox depth /metrics reports. */
  pendingDeliveries(): Promise<number> {
    return pendingDeliveryCount(this.db);
  }

  /** Forgets sent and skipped deliveries older than a week, a batch at a time. */
  purgeFinishedDeliveries(now: Date): Promise<number> {
    return purgeFinishedDeliveries(this.db, new Date(now.getTime() - FINISHED_DELIVERY_RETENTION_MS), 5_000);
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
    let done = 0;
    const outgoing = findings.map((f) => ({ finding: f.data as unknown as Finding, idempotencyKey: `${f.id}-${f.updatedAt.getTime()}-${destination.id}` }));
    await this.delivery.deliver(destination, outgoing, async (chunk) => progress((done += chunk.sent.length + chunk.filtered.length)));
  }
}

const keyOf = (item: OutgoingFinding) => item.idempotencyKey;
