import type { Database } from "../../db/prisma.js";
import type { Finding } from "../../detection/findings/types.js";
import type { Account, Detector, LogSource } from "../../generated/prisma/client.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import { upsertFindings, type UpsertedFinding } from "../findings/finding-store.js";

export type SourceForIngestion = LogSource & { detector: Detector & { account: Account } };

/** The outcome of reading one object to its end. */
export type ReadObject = {
  status: "DONE" | "SKIPPED";
  records: number;
  events: number;
  broken: number;
  bytes: number;
  /** When the object landed; the source's lag is measured against the newest one processed. */
  lastModified: Date;
  detail: string | null;
  findings: readonly Finding[];
  /** Ids of new findings a suppression rule archives at creation. */
  suppressedIds: ReadonlySet<string>;
};

export type Recorded = { recorded: true; findings: UpsertedFinding[] } | { recorded: false };

// Long enough for thousands of findings in a few statements on a busy database; a job that holds a
// transaction longer has a problem worth an error.
const TRANSACTION = { maxWait: 10_000, timeout: 60_000 };
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
 */
export class IngestionLedger {
  constructor(
    private readonly db: Database,
    private readonly pubSub: VigilPubSub,
  ) {}

  source(logSourceId: string): Promise<SourceForIngestion | null> {
    return this.db.logSource.findUnique({ where: { id: logSourceId }, include: { detector: { include: { account: true } } } });
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

  /**
   * Records a read object with its findings and counters in one transaction, then announces the
   * findings. When another run recorded the object first, nothing is written.
   */
  async recordRead(source: SourceForIngestion, objectKey: string, read: ReadObject): Promise<Recorded> {
    const outcome = await this.db.$transaction(async (tx): Promise<Recorded> => {
      const { count } = await tx.ingestedObject.createMany({
        data: [{ logSourceId: source.id, objectKey, status: read.status, records: read.records, events: read.events, broken: read.broken, bytes: BigInt(read.bytes), detail: read.detail }],
        skipDuplicates: true,
      });
      if (count === 0) return { recorded: false };
      const findings = await upsertFindings(tx, read.findings, read.suppressedIds);
      await tx.$executeRaw`
        UPDATE log_sources SET
          "objectsProcessed" = "objectsProcessed" + 1,
          "eventsProcessed" = "eventsProcessed" + ${read.events},
          "bytesProcessed" = "bytesProcessed" + ${read.bytes},
          "brokenRecords" = "brokenRecords" + ${read.broken},
          -- The newest object processed; between objects that landed at the same moment, the greatest key,
          -- so the outcome does not depend on the order in which workers finished them.
          "lastObjectKey" = CASE
            WHEN "lastObjectAt" IS NULL OR "lastObjectAt" < ${read.lastModified} THEN ${objectKey}
            WHEN "lastObjectAt" = ${read.lastModified} THEN GREATEST("lastObjectKey", ${objectKey})
            ELSE "lastObjectKey" END,
          "lastObjectAt" = GREATEST("lastObjectAt", ${read.lastModified})
        WHERE id = ${source.id}::uuid`;
      return { recorded: true, findings };
    }, TRANSACTION);
    // Suppressed findings are never announced: subscribers and destinations must not see them.
    const announced = outcome.recorded ? outcome.findings.filter((finding) => !finding.suppressed) : [];
    if (announced.length > 0) {
      this.pubSub.publish("FINDINGS_UPSERTED", {
        detectorId: source.detectorId,
        findings: announced.map(({ id, accountId, created }) => ({ id, accountId, created })),
      });
    }
    return outcome;
  }

  /** Gives up on an object: recorded FAILED with the reason, so listings skip it and the source moves on. */
  async recordFailure(logSourceId: string, objectKey: string, reason: string, options: { bytes: number; locationProblem: boolean }): Promise<boolean> {
    const error = clip(`${objectKey}: ${reason}`);
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.ingestedObject.createMany({
        data: [{ logSourceId, objectKey, status: "FAILED", bytes: BigInt(options.bytes), detail: clip(reason) }],
        skipDuplicates: true,
      });
      if (count === 0) return false;
      await tx.$executeRaw`
        UPDATE log_sources SET "objectsFailed" = "objectsFailed" + 1, "lastError" = ${error}, "lastErrorAt" = now(),
          status = CASE WHEN ${options.locationProblem} THEN 'ERROR'::"LogSourceStatus" ELSE status END
        WHERE id = ${logSourceId}::uuid`;
      return true;
    }, TRANSACTION);
  }

  /** The location could not be listed or read (access denied, missing bucket or folder): shown on the source's status. */
  async noteLocationProblem(logSourceId: string, message: string): Promise<void> {
    await this.db.$executeRaw`
      UPDATE log_sources SET status = 'ERROR'::"LogSourceStatus", "lastError" = ${clip(message)}, "lastErrorAt" = now() WHERE id = ${logSourceId}::uuid`;
  }

  /** A listing went through: its state is what the next one starts from, and the location is reachable. */
  async recordListing(logSourceId: string, cursor: string): Promise<void> {
    await this.db.$executeRaw`UPDATE log_sources SET cursor = ${cursor}, status = 'OK'::"LogSourceStatus" WHERE id = ${logSourceId}::uuid`;
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

  /** Enabled sources that are polled (S3 and local folders), page by page. */
  async *polledSources(): AsyncGenerator<Array<Pick<LogSource, "id" | "pollIntervalSeconds">>> {
    let after: string | undefined;
    for (;;) {
      const page = await this.db.logSource.findMany({
        where: { enabled: true, location: { in: ["S3", "LOCAL"] }, ...(after ? { id: { gt: after } } : {}) },
        select: { id: true, pollIntervalSeconds: true },
        orderBy: { id: "asc" },
        take: PAGE,
      });
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1].id;
    }
  }
}
