import type { Finding } from "../detection/findings/types.js";
import type { InventoryChange } from "../detection/inventory/inventory-model.js";
import type { IntelRegistry } from "../detection/intel/registry.js";
import type { CustomRuleRegistry } from "../detection/custom/stored/rule-sets.js";
import type { Account, Detector, LogSource } from "../generated/prisma/client.js";
import type { DroppedEvents } from "./process/attribution.js";

// What ingestion needs from the rest of Vigil, declared here so ingest depends on no service: the
// services' IngestionLedger and OrganizationAccounts fit these shapes and are passed in at start.

/** A log source with the detector and account it belongs to. */
export type SourceForIngestion = LogSource & { detector: Detector & { account: Account } };

/** The outcome of reading one object to its end. */
export type ReadObject = {
  status: "DONE" | "SKIPPED";
  records: number;
  events: number;
  broken: number;
  /** Events not analysed because of the account they name (see attribution.ts), by reason and, outside the organisation, by account. */
  dropped: DroppedEvents;
  bytes: number;
  /** When the object landed; the source's lag is measured against the newest one processed. */
  lastModified: Date;
  detail: string | null;
  findings: readonly Finding[];
  /** Ids of new findings a suppression rule archives at creation. */
  suppressedIds: ReadonlySet<string>;
};

/** Not recorded when another attempt recorded the object first. */
export type RecordedRead = { recorded: true; findings: readonly unknown[] } | { recorded: false };

/** The bookkeeping that makes every log object count exactly once. */
export interface IngestionLedger {
  source(logSourceId: string): Promise<SourceForIngestion | null>;
  isRecorded(logSourceId: string, objectKey: string): Promise<boolean>;
  /** The keys among `keys` that no object row records yet. */
  unrecorded(logSourceId: string, keys: readonly string[]): Promise<Set<string>>;
  /** Objects about to be queued (a pushed one with its body): PostgreSQL, not Redis, is their record. */
  recordQueued(logSourceId: string, objects: ReadonlyArray<{ key: string; size: number; lastModified: Date; body?: Buffer }>): Promise<void>;
  /** A pushed object's body; null once the object is recorded. */
  pushedBody(logSourceId: string, objectKey: string): Promise<Buffer | null>;
  /**
   * Claims CloudTrail eventIDs for a streamed object and returns those another object claimed first; a retry
   * of the same object keeps its own.
   */
  claimStreamedEvents(logSourceId: string, objectKey: string, eventIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** Adds to the count of objects the reconciler queued again. */
  countReconciled(objects: number): Promise<void>;
  /** Objects queued and not yet recorded, page by page. */
  pendingObjects(): AsyncIterable<Array<{ logSourceId: string; objectKey: string; size: number; lastModified: Date }>>;
  /** The object's findings, its row and the source's counters, in one transaction. */
  recordRead(source: SourceForIngestion, objectKey: string, read: ReadObject): Promise<RecordedRead>;
  /** Gives up on an object; false when it was recorded already. */
  recordFailure(logSourceId: string, objectKey: string, reason: string, options: { bytes: number; locationProblem: boolean }): Promise<boolean>;
  noteLocationProblem(logSourceId: string, message: string): Promise<void>;
  recordListing(logSourceId: string, cursor: string): Promise<void>;
  /** Enabled sources that are polled (S3 and local folders, the latter with their folder), page by page. */
  polledSources(): AsyncIterable<Array<{ id: string; pollIntervalSeconds: number; localPath: string | null }>>;
}

/** The 12-digit accounts of an account's organization, which detections treat as affiliated. */
export interface OrganizationAccounts {
  of(accountRowId: string): Promise<ReadonlySet<string>>;
  /**
   * Where an organisation source of the account routes events, by the 12-digit account they name: the
   * detectors of its Enabled members (the owner's own events always go to the owner's detector).
   */
  routes(administratorRowId: string): Promise<ReadonlyMap<string, Detector>>;
}

/** The EC2 inventory kept from CloudTrail, which describes the instances of flow and DNS findings. */
export interface InstanceInventory {
  /** Applies an object's inventory changes, grouped by the detector their events were routed to. */
  record(changesByDetector: ReadonlyMap<string, readonly InventoryChange[]>): Promise<unknown>;
  /** The findings, each instance finding described from its detector's inventory. */
  describe(findings: readonly Finding[]): Promise<Finding[]>;
}

/** What the ingestion pipeline is built from (the services object fits it). */
export type IngestServices = {
  ingestion: IngestionLedger;
  intel: IntelRegistry;
  customRuleRegistry: CustomRuleRegistry;
  organizations: OrganizationAccounts;
  inventory: InstanceInventory;
};
