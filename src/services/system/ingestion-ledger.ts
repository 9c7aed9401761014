import type { UpsertedFinding } from "../../db/findings/finding-upserts.js";
import { markSourceInError, type ObjectRead, recordObjectFailure, recordObjectRead, saveListingCursor } from "../../db/ingestion/ingestion-transaction.js";
import { forgetRecordedPendingObjects, type ObjectToQueue, pendingBody, type PendingObjectRow, pendingObjectsPage, recordPendingObjects, recordReceivedBody } from "../../db/ingestion/pending-objects.js";
import { addToSystemCounter, readSystemCounters } from "../../db/ingestion/system-counters.js";
import type { Database } from "../../db/prisma.js";
import type { Account, Detector, LogSource } from "../../generated/prisma/client.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import { eventIdsClaimedElsewhere, purgeStreamedEventsBefore } from "../../db/ingestion/streamed-events.js";
import { type AccountEventsRow, topAccountEvents } from "../../db/ingestion/account-events.js";
import type { OrganizationEnrollment } from "./organization-enrollment.js";

export type SourceForIngestion = LogSource & { detector: Detector & { account: Account } };

export type ReadObject = ObjectRead;

export type Recorded = { recorded: true; findings: UpsertedFinding[] } | { recorded: false };

const MAX_ERROR_LENGTH = 1000;
const PAGE = 500;

function clip(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * The ingestion bookkeeping that makes every log object count exactly once: an object's findings,
 * its `IngestedObject` row and the source's counters are written in one transaction, and a retried
 * job that finds the row does nothing. System operations of the workers and of `vigil import`; API
 * callers go through LogSourceService.
 *
 * A system service (see ./README.md): it acts for no caller, so it takes no Actor.
 */
export class IngestionLedger {
  constructor(
    private readonly db: Database,
    private readonly pubSub: VigilPubSub,
    private readonly enrollment: OrganizationEnrollment,
  ) {}

  source(logSourceId: string): Promise<SourceForIngestion | null> {
    return this.db.logSource.findUnique({ where: { id: logSourceId }, include: { detector: { include: { account: true } } } });
  }

  /** System task: forgets the CloudTrail eventIDs streamed sources received before `cutoff`. */
  purgeStreamedEventsBefore(cutoff: Date): Promise<number> {
    return purgeStreamedEventsBefore(this.db, cutoff);
  }

  async isRecorded(logSourceId: string, objectKey: string): Promise<boolean> {
    return (await this.db.ingestedObject.count({ where: { logSourceId, objectKey } })) > 0;
  }

  /** The keys among `keys` that no object row records yet. */
  async unrecorded(logSourceId: string, keys: readonly string[]): Promise<Set<string>> {
    const remaining = new Set(keys);
    for (let start = 0; start < keys.length; start += PAGE) {
      const recorded = await this.db.ingestedObject.findMany({
        where: { logSourceId, objectKey: { in: keys.slice(start, start + PAGE) } },
        select: { objectKey: true },
      });
      for (const row of recorded) remaining.delete(row.objectKey);
    }
    return remaining;
  }

  /** Objects about to be queued, recorded first so that a job Redis loses is queued again (see pendingObjects). */
  recordQueued(logSourceId: string, objects: readonly ObjectToQueue[]): Promise<void> {
    return recordPendingObjects(this.db, logSourceId, objects);
  }

  /** A body received over HTTP, stored with its pending row before it is queued; nothing for a retry. */
  recordReceived(logSourceId: string, object: ObjectToQueue & { body: Buffer }): Promise<void> {
    return recordReceivedBody(this.db, logSourceId, object);
  }

  /** A pushed body stored with its pending row; null once the object is recorded. */
  pushedBody(logSourceId: string, objectKey: string): Promise<Buffer | null> {
    return pendingBody(this.db, logSourceId, objectKey);
  }

  /** A Firehose object's CloudTrail eventIDs, claimed when it is processed: those another object claimed first. */
  claimStreamedEvents(logSourceId: string, objectKey: string, eventIds: readonly string[]): Promise<ReadonlySet<string>> {
    return eventIdsClaimedElsewhere(this.db, logSourceId, objectKey, eventIds);
  }

  /** Every object queued and not yet recorded, page by page: what the reconciler queues again. */
  async *pendingObjects(): AsyncGenerator<PendingObjectRow[]> {
    await forgetRecordedPendingObjects(this.db);
    let after: PendingObjectRow | undefined;
    for (;;) {
      const page = await pendingObjectsPage(this.db, after, PAGE);
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1];
    }
  }

  countReconciled(objects: number): Promise<void> {
    return addToSystemCounter(this.db, "reconciled_objects", objects);
  }

  countRedisReconnect(): Promise<void> {
    return addToSystemCounter(this.db, "redis_reconnects", 1);
  }

  /** What /metrics reports about Redis losses: objects waiting to be recorded, objects queued again, reconnects. */
  async reliability(): Promise<{ pendingObjects: number; reconciledObjects: number; redisReconnects: number }> {
    const [pending, counters] = await Promise.all([this.db.pendingObject.count(), readSystemCounters(this.db)]);
    return { pendingObjects: pending, reconciledObjects: counters.reconciled_objects, redisReconnects: counters.redis_reconnects };
  }

  /**
   * Records a read object with its findings and counters in one transaction, then announces the
   * findings, per detector (an organisation source's go to its members' detectors). When another run
   * recorded the object first, nothing is written. Accounts an organisation source named outside the
   * organisation are then offered to its auto-enable.
   */
  async recordRead(source: SourceForIngestion, objectKey: string, read: ReadObject): Promise<Recorded> {
    const written = await recordObjectRead(this.db, source.id, objectKey, read);
    // Suppressed findings are never announced: subscribers and destinations must not see them.
    const byDetector = new Map<string, UpsertedFinding[]>();
    for (const finding of written ?? []) {
      if (finding.suppressed) continue;
      const own = byDetector.get(finding.detectorId);
      if (own) own.push(finding);
      else byDetector.set(finding.detectorId, [finding]);
    }
    for (const [detectorId, announced] of byDetector) {
      this.pubSub.publish("FINDINGS_UPSERTED", { detectorId, findings: announced.map(({ id, accountId, created }) => ({ id, accountId, created })) });
    }
    if (written && source.organizationSource && read.dropped.byAccount.size > 0) {
      await this.enrollment.enroll(source.detector.accountId, [...read.dropped.byAccount.keys()]);
    }
    return written ? { recorded: true, findings: written } : { recorded: false };
  }

  /** Gives up on an object: recorded FAILED with the reason, so listings skip it and the source moves on. */
  recordFailure(logSourceId: string, objectKey: string, reason: string, options: { bytes: number; locationProblem: boolean }): Promise<boolean> {
    return recordObjectFailure(this.db, logSourceId, {
      objectKey,
      bytes: options.bytes,
      detail: clip(reason),
      error: clip(`${objectKey}: ${reason}`),
      locationProblem: options.locationProblem,
    });
  }

  /** The location could not be listed or read (access denied, missing bucket or folder): shown on the source's status. */
  async noteLocationProblem(logSourceId: string, message: string): Promise<void> {
    await markSourceInError(this.db, logSourceId, clip(message));
  }

  /** A listing went through: its state is what the next one starts from, and the location is reachable. */
  async recordListing(logSourceId: string, cursor: string): Promise<void> {
    await saveListingCursor(this.db, logSourceId, cursor);
  }

  /** Every source with its owner, page by page: what the metrics endpoint reports. */
  async *allSources(): AsyncGenerator<SourceForIngestion[]> {
    let after: string | undefined;
    for (;;) {
      const page = await this.db.logSource.findMany({
        where: after ? { id: { gt: after } } : {},
        include: { detector: { include: { account: true } } },
        orderBy: { id: "asc" },
        take: PAGE,
      });
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1].id;
    }
  }

  /** For /metrics: the accounts with most events each of these organisation sources did not route (at most `perSource` each). */
  otherAccountEvents(logSourceIds: readonly string[], perSource: number): Promise<AccountEventsRow[]> {
    return topAccountEvents(this.db, logSourceIds, perSource);
  }

  /** Enabled sources that are polled (S3 and local folders), page by page. */
  async *polledSources(): AsyncGenerator<Array<Pick<LogSource, "id" | "pollIntervalSeconds" | "localPath">>> {
    let after: string | undefined;
    for (;;) {
      const page = await this.db.logSource.findMany({
        where: { enabled: true, location: { in: ["S3", "LOCAL"] }, ...(after ? { id: { gt: after } } : {}) },
        select: { id: true, pollIntervalSeconds: true, localPath: true },
        orderBy: { id: "asc" },
        take: PAGE,
      });
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1].id;
    }
  }
}
