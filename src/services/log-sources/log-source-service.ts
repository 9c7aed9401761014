import { randomUUID } from "node:crypto";
import type { Database } from "../../db/prisma.js";
import type { LogSource, LogSourceKind, Prisma } from "../../generated/prisma/client.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import type { Actor } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { ConflictError, InvalidInputError } from "../errors.js";
import { keysetQuery, type Page, type PageRequest, pageSize, toPage } from "../pagination.js";
import { authorizeDetectorRead } from "../policies/detector.js";
import { mayOwnOrganizationSource } from "../policies/organization.js";
import { authorizeLogSource, type LogSourceWithOwner } from "../policies/log-source.js";
import type { SecretBox } from "../secrets/secret-box.js";
import { credentialsTypeOf, sealCredentials } from "../../ingest/locations/s3-credentials.js";
import { type CredentialsInput, validateCredentials } from "./credentials.js";
import { refusedEndpoint } from "../../ingest/locations/endpoint-guard.js";
import { formatLocation, parseLocation } from "./location.js";
import { generateAccessKey, hashAccessKey } from "./access-key.js";
import { validateFlowLogFormat } from "./flow-log-format.js";

export type { LogSourceWithOwner };

/** A source as created, moved or re-keyed: a streamed one carries its new access key, shown this once. */
export type KeyedLogSource = LogSourceWithOwner & { accessKey?: string };

const STREAMED: ReadonlySet<LogSource["location"]> = new Set(["FIREHOSE", "EVENTBRIDGE"]);

type S3Options = {
  s3Region?: string | null;
  s3Endpoint?: string | null;
  s3ForcePathStyle?: boolean | null;
  credentials?: CredentialsInput | null;
};

export type OtherAccountEvents = { accountId: string; events: number; firstSeenAt: Date; lastSeenAt: Date };

const MAX_OTHER_ACCOUNTS = 100;

export type CreateLogSourceCommand = S3Options & {
  name: string;
  kind: LogSourceKind;
  location: string;
  pollIntervalSeconds?: number | null;
  /** Read only the last N days already in the location on the first poll; unset: all of it. */
  backfillDays?: number | null;
  enabled?: boolean | null;
  organizationSource?: boolean | null;
  flowLogFormat?: string | null;
};

export type UpdateLogSourceCommand = S3Options & {
  name?: string | null;
  location?: string | null;
  clearCredentials?: boolean | null;
  pollIntervalSeconds?: number | null;
  enabled?: boolean | null;
  organizationSource?: boolean | null;
  flowLogFormat?: string | null;
};

export type LogSourceOptions = {
  secretBox: SecretBox;
  logsRoot: string;
  /** S3 endpoints may be private, loopback or link-local addresses (VIGIL_LOG_SOURCE_ALLOW_PRIVATE_ENDPOINTS). */
  allowPrivateEndpoints: boolean;
};

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const MIN_POLL_SECONDS = 1;
const MAX_POLL_SECONDS = 86_400;
const DEFAULT_POLL_SECONDS = 60;
/** Behaviour baselines keep 90 days (retentionMs): older logs would teach them nothing that lasts. */
const MAX_BACKFILL_DAYS = 90;
/** Every source costs a worker a listing per poll interval; a detector needs a handful. */
export const MAX_SOURCES_PER_DETECTOR = 100;
const WITH_OWNER = { detector: { include: { account: true } } } as const;
const NOWHERE = { s3Bucket: null, s3Prefix: null, localPath: null };

function validateName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 128) throw new InvalidInputError("A log source name must be 1 to 128 characters.");
  return trimmed;
}

function validatePollInterval(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < MIN_POLL_SECONDS || seconds > MAX_POLL_SECONDS) {
    throw new InvalidInputError(`pollIntervalSeconds must be an integer from ${MIN_POLL_SECONDS} to ${MAX_POLL_SECONDS}.`);
  }
  return seconds;
}

function validateBackfillDays(days: number | null | undefined): number | null {
  if (days === null || days === undefined) return null;
  if (!Number.isInteger(days) || days < 0 || days > MAX_BACKFILL_DAYS) throw new InvalidInputError(`backfillDays must be an integer from 0 to ${MAX_BACKFILL_DAYS}.`);
  return days;
}

function validateEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InvalidInputError("s3Endpoint must be an http:// or https:// URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidInputError("s3Endpoint must be an http:// or https:// URL.");
  return endpoint.replace(/\/+$/, "");
}

/** What the audit log keeps of a source: its configuration, never its credentials. */
function snapshot(source: LogSource) {
  return {
    name: source.name,
    kind: source.kind,
    location: formatLocation(source),
    s3Region: source.s3Region,
    s3Endpoint: source.s3Endpoint,
    credentialsType: credentialsTypeOf(source.credentialsCipher),
    flowLogFormat: source.flowLogFormat,
    pollIntervalSeconds: source.pollIntervalSeconds,
    backfillDays: source.backfillDays,
    enabled: source.enabled,
    organizationSource: source.organizationSource,
  };
}

/**
 * Log sources of a detector. An account manages its own; an administrator also manages those of the
 * members it administers; anyone else gets NOT_FOUND. Credentials go in, never come out.
 */
export class LogSourceService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly pubSub: VigilPubSub,
    private readonly options: LogSourceOptions,
  ) {}

  async create(actor: Actor | null, detectorId: string, command: CreateLogSourceCommand): Promise<KeyedLogSource> {
    const { caller, detector } = await authorizeDetectorRead(this.db, actor, detectorId);
    if (command.organizationSource) await this.checkOrganizationSource(detector.accountId);
    const id = randomUUID();
    const location = parseLocation(command.location, this.options.logsRoot);
    await this.checkEndpoint(command.s3Endpoint);
    const accessKey = STREAMED.has(location.location) ? generateAccessKey() : undefined;
    const data = {
      id,
      detectorId: detector.id,
      name: validateName(command.name),
      kind: command.kind,
      ...location,
      ...this.s3Columns(id, location.location, command, {}),
      accessKeyHash: accessKey ? hashAccessKey(accessKey) : null,
      flowLogFormat: this.flowLogFormat(location.location, command.kind, command.flowLogFormat),
      pollIntervalSeconds: validatePollInterval(command.pollIntervalSeconds ?? DEFAULT_POLL_SECONDS),
      backfillDays: validateBackfillDays(command.backfillDays),
      enabled: command.enabled ?? true,
      organizationSource: command.organizationSource ?? false,
    };
    const created = await this.audit.change(caller, async (tx, record) => {
      if ((await tx.logSource.count({ where: { detectorId: detector.id } })) >= MAX_SOURCES_PER_DETECTOR) {
        throw new ConflictError(`A detector has at most ${MAX_SOURCES_PER_DETECTOR} log sources.`);
      }
      const source = await tx.logSource.create({ data, include: WITH_OWNER });
      record({ accountId: detector.accountId, operation: "createLogSource", targetType: "LogSource", targetId: id, after: snapshot(source), securityRelevant: source.organizationSource });
      return source;
    });
    this.announce(id);
    return { ...created, accessKey };
  }

  private async checkOrganizationSource(ownerRowId: string): Promise<void> {
    const denial = await mayOwnOrganizationSource(this.db, ownerRowId);
    if (denial) throw denial;
  }

  async get(actor: Actor | null, logSourceId: string): Promise<LogSourceWithOwner> {
    return (await authorizeLogSource(this.db, actor, logSourceId)).source;
  }

  /** An organisation source's events of accounts it does not route, per account, most events first (at most `first`, 100). */
  async otherAccountEvents(actor: Actor | null, logSourceId: string, first = MAX_OTHER_ACCOUNTS): Promise<OtherAccountEvents[]> {
    const { source } = await authorizeLogSource(this.db, actor, logSourceId);
    const rows = await this.db.logSourceAccountEvents.findMany({
      where: { logSourceId: source.id },
      orderBy: [{ events: "desc" }, { accountId: "asc" }],
      take: Math.min(Math.max(first, 1), MAX_OTHER_ACCOUNTS),
    });
    return rows.map((row) => ({ accountId: row.accountId, events: Number(row.events), firstSeenAt: row.firstSeenAt, lastSeenAt: row.lastSeenAt }));
  }

  async list(actor: Actor | null, detectorId: string, request: PageRequest): Promise<Page<LogSourceWithOwner>> {
    const { detector } = await authorizeDetectorRead(this.db, actor, detectorId);
    const size = pageSize(request.first);
    const keyset = keysetQuery("createdAt", request.after);
    const rows = await this.db.logSource.findMany({
      where: { AND: [{ detectorId: detector.id }, keyset.where as Prisma.LogSourceWhereInput] },
      orderBy: keyset.orderBy,
      take: size + 1,
      include: WITH_OWNER,
    });
    return toPage(rows, size, (row) => ({ at: row.createdAt, id: row.id }));
  }

  async update(actor: Actor | null, logSourceId: string, command: UpdateLogSourceCommand): Promise<KeyedLogSource> {
    const { caller, source: before } = await authorizeLogSource(this.db, actor, logSourceId);
    if (command.organizationSource && !before.organizationSource) await this.checkOrganizationSource(before.detector.accountId);
    const location = command.location === null || command.location === undefined ? undefined : parseLocation(command.location, this.options.logsRoot);
    const movedTo = location && formatLocation({ ...NOWHERE, ...location }) !== formatLocation(before) ? location : undefined;
    await this.checkEndpoint(command.s3Endpoint);
    const locationAfter = movedTo?.location ?? before.location;
    // A source moved onto a receiver gets its first key; one moved off keeps none.
    const accessKey = movedTo && STREAMED.has(locationAfter) && !STREAMED.has(before.location) ? generateAccessKey() : undefined;
    const keepsFormat = command.flowLogFormat === undefined && (!movedTo || locationAfter === "FIREHOSE");
    const data: Prisma.LogSourceUpdateInput = {
      name: command.name === null || command.name === undefined ? undefined : validateName(command.name),
      pollIntervalSeconds: command.pollIntervalSeconds === null || command.pollIntervalSeconds === undefined ? undefined : validatePollInterval(command.pollIntervalSeconds),
      enabled: command.enabled ?? undefined,
      organizationSource: command.organizationSource ?? undefined,
      ...(movedTo
        ? // A new place is listed from its beginning; objects recorded under the same keys stay recorded.
          { ...NOWHERE, ...movedTo, cursor: null }
        : {}),
      ...this.s3Columns(before.id, locationAfter, command, movedTo && before.location !== "S3" ? {} : before),
      ...(accessKey ? { accessKeyHash: hashAccessKey(accessKey) } : STREAMED.has(locationAfter) ? {} : { accessKeyHash: null }),
      flowLogFormat: keepsFormat ? before.flowLogFormat : this.flowLogFormat(locationAfter, before.kind, command.flowLogFormat),
    };
    const after = await this.audit.change(caller, async (tx, record) => {
      const updated = await tx.logSource.update({ where: { id: before.id }, data, include: WITH_OWNER });
      record({
        accountId: before.detector.accountId,
        operation: "updateLogSource",
        targetType: "LogSource",
        targetId: before.id,
        before: snapshot(before),
        after: snapshot(updated),
        // Switching analysis off, or letting a source speak for other accounts of the organisation.
        securityRelevant: (before.enabled && !updated.enabled) || (!before.organizationSource && updated.organizationSource),
      });
      return updated;
    });
    this.announce(before.id);
    return { ...after, accessKey };
  }

  /** A new access key for a Firehose or EventBridge source; the old one stops working at once. */
  async rotateAccessKey(actor: Actor | null, logSourceId: string): Promise<KeyedLogSource> {
    const { caller, source } = await authorizeLogSource(this.db, actor, logSourceId);
    if (!STREAMED.has(source.location)) throw new ConflictError(`Log source ${logSourceId} has no access key: only firehose and eventbridge sources have one.`);
    const accessKey = generateAccessKey();
    const rotated = await this.audit.change(caller, async (tx, record) => {
      const updated = await tx.logSource.update({ where: { id: source.id }, data: { accessKeyHash: hashAccessKey(accessKey) }, include: WITH_OWNER });
      record({ accountId: source.detector.accountId, operation: "rotateLogSourceAccessKey", targetType: "LogSource", targetId: source.id, securityRelevant: true });
      return updated;
    });
    return { ...rotated, accessKey };
  }

  /** Deletes the source and its object records; its findings stay with the detector. */
  async delete(actor: Actor | null, logSourceId: string): Promise<void> {
    const { caller, source } = await authorizeLogSource(this.db, actor, logSourceId);
    await this.audit.change(caller, async (tx, record) => {
      await tx.logSource.delete({ where: { id: source.id } });
      record({ accountId: source.detector.accountId, operation: "deleteLogSource", targetType: "LogSource", targetId: source.id, before: snapshot(source), securityRelevant: true });
    });
    this.announce(source.id);
  }

  /** The S3 columns a command sets; S3 options on a location that is not S3 are a mistake worth saying. */
  private s3Columns(id: string, location: LogSource["location"], command: S3Options & { clearCredentials?: boolean | null }, current: Partial<LogSource>) {
    const given = (value: unknown) => value !== null && value !== undefined;
    if (location !== "S3") {
      if ([command.s3Region, command.s3Endpoint, command.s3ForcePathStyle, command.credentials].some(given)) {
        throw new InvalidInputError("s3Region, s3Endpoint, s3ForcePathStyle and credentials apply to s3:// locations only.");
      }
      return { s3Region: null, s3Endpoint: null, s3ForcePathStyle: false, credentialsCipher: null };
    }
    if (command.credentials && command.clearCredentials) throw new InvalidInputError("Give credentials or clearCredentials, not both.");
    if (given(command.s3Region) && !REGION.test(command.s3Region!)) throw new InvalidInputError("s3Region must be a region name such as us-east-1.");
    const endpoint = given(command.s3Endpoint) ? validateEndpoint(command.s3Endpoint!) : current.s3Endpoint;
    return {
      s3Region: command.s3Region ?? current.s3Region ?? "us-east-1",
      s3Endpoint: endpoint ?? null,
      // S3-compatible stores at their own endpoint mostly want path-style addressing.
      s3ForcePathStyle: command.s3ForcePathStyle ?? (given(command.s3Endpoint) || current.s3ForcePathStyle === undefined ? Boolean(endpoint) : current.s3ForcePathStyle),
      credentialsCipher: command.clearCredentials
        ? null
        : command.credentials
          ? sealCredentials(this.options.secretBox, id, validateCredentials(command.credentials))
          : (current.credentialsCipher ?? null),
    };
  }

  /** Only Firehose flow-log records come without their header line, so only they need the format said. */
  private flowLogFormat(location: LogSource["location"], kind: LogSourceKind, format: string | null | undefined): string | null {
    if (format === null || format === undefined) return null;
    if (location !== "FIREHOSE" || kind !== "VPC_FLOW_LOGS") throw new InvalidInputError("flowLogFormat applies to firehose sources of kind VPC_FLOW_LOGS only.");
    return validateFlowLogFormat(format);
  }

  private async checkEndpoint(endpoint: string | null | undefined): Promise<void> {
    if (!endpoint || this.options.allowPrivateEndpoints) return;
    const refused = await refusedEndpoint(new URL(validateEndpoint(endpoint)));
    if (refused) throw new InvalidInputError(`${refused}.`);
  }

  private announce(logSourceId: string): void {
    this.pubSub.publish("LOG_SOURCE_CHANGED", { logSourceId });
  }
}
