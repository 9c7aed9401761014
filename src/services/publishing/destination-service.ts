import { randomUUID } from "node:crypto";
import { lockDetector } from "../../db/detectors/detector-lock.js";
import type { Database } from "../../db/prisma.js";
import type { FindingFormat, Prisma, PublishingDestination } from "../../generated/prisma/client.js";
import type { AccountActor, Actor } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { GUARDDUTY_STYLE_ID, newGuardDutyStyleId } from "../ids.js";
import { keysetQuery, type Page, type PageRequest, pageSize, toPage } from "../pagination.js";
import { authorizeDetector } from "../policies/detector.js";
import type { SecretBox } from "../secrets/secret-box.js";
import type { AddressPolicy } from "./address-policy.js";
import {
  type S3DestinationInput,
  sealS3Credentials,
  sealSecret,
  validateS3,
  validateSigningSecret,
  validateWebhook,
  validateWebhookUrl,
  type WebhookInput,
} from "./destination-properties.js";
import type { DestinationDelivery } from "./destination-delivery.js";
import {
  type DestinationFilterInput,
  type PagerDutyInput,
  type ReceiverColumns,
  type SlackInput,
  type SplunkInput,
  validateFilter,
  validateFormat,
  validatePagerDuty,
  validateSlack,
  validateSplunk,
} from "./receiver-properties.js";
import { sampleFinding } from "./sample-finding.js";

export type DestinationType = PublishingDestination["type"];

/** The properties of each receiver kind; a command gives those of its destination's kind only. */
export type ReceiverInputs = { slack?: SlackInput | null; pagerDuty?: PagerDutyInput | null; splunk?: SplunkInput | null };

export type CreateDestinationCommand = ReceiverInputs & {
  destinationType: DestinationType;
  webhook?: WebhookInput | null;
  s3?: S3DestinationInput | null;
  format?: FindingFormat | null;
  filter?: DestinationFilterInput | null;
};

export type UpdateDestinationCommand = ReceiverInputs & {
  webhook?: { url?: string | null; secret?: string | null } | null;
  s3?: S3DestinationInput | null;
  format?: FindingFormat | null;
  /** Replaces the filter; an empty one takes every finding again. */
  filter?: DestinationFilterInput | null;
  /** false stops publishing (STOPPED); true resumes it. */
  enable?: boolean | null;
};

/** What a client may see of a destination: never the secret or the credentials themselves. */
export type DestinationView = Omit<PublishingDestination, "secretCipher" | "credentialsCipher"> & { hasCredentials: boolean };

/** What the receiver answered a sample finding: its HTTP status and the start of its body, or why nothing arrived. */
export type TestNotificationResult = { delivered: boolean; statusCode: number | null; response: string | null; error: string | null };

export type CreatedDestination = { destination: DestinationView; /** Only when Vigil generated it: shown this once. */ signingSecret: string | null };

const MAX_DESTINATIONS_PER_DETECTOR = 10;

function view(row: PublishingDestination): DestinationView {
  const { secretCipher: _secret, credentialsCipher, ...rest } = row;
  return { ...rest, hasCredentials: credentialsCipher !== null };
}

function snapshot(row: PublishingDestination) {
  return {
    type: row.type,
    url: row.url,
    s3Bucket: row.s3Bucket,
    s3Prefix: row.s3Prefix,
    s3Region: row.s3Region,
    s3Endpoint: row.s3Endpoint,
    format: row.format,
    minimumSeverity: row.minimumSeverity,
    findingCriteria: row.findingCriteria,
    splunkSourcetype: row.splunkSourcetype,
    splunkIndex: row.splunkIndex,
    status: row.status,
  };
}

type Columns = Partial<Omit<Prisma.PublishingDestinationUncheckedCreateInput, "id" | "detectorId" | "type">>;

const RECEIVER_INPUT: Record<"SLACK" | "PAGERDUTY" | "SPLUNK_HEC", keyof ReceiverInputs> = { SLACK: "slack", PAGERDUTY: "pagerDuty", SPLUNK_HEC: "splunk" };
const ALL_INPUTS = ["webhook", "s3", "slack", "pagerDuty", "splunk"] as const;

/** The one properties input a kind takes: any other given is a mistake worth naming. */
function propertiesFor<K extends (typeof ALL_INPUTS)[number]>(type: DestinationType, command: Record<(typeof ALL_INPUTS)[number], unknown>, own: K, required: boolean): void {
  const others = ALL_INPUTS.filter((name) => name !== own && command[name]);
  if (others.length > 0 || (required && !command[own])) throw new InvalidInputError(`A ${type} destination takes ${own} properties${others.length ? `, not ${others.join(", ")}` : ""}.`);
}

/**
 * Publishing destinations of a detector (GuardDuty's CreatePublishingDestination and friends): a
 * signed webhook or an S3-compatible bucket. Any account manages those of its own detector; an
 * administrator's destinations also receive its members' findings.
 */
export class DestinationService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly secrets: SecretBox,
    private readonly policy: AddressPolicy,
    private readonly delivery: DestinationDelivery,
  ) {}

  private async find(actor: Actor | null, detectorId: string, destinationId: string): Promise<{ caller: AccountActor; destination: PublishingDestination }> {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    const row = GUARDDUTY_STYLE_ID.test(destinationId) ? await this.db.publishingDestination.findFirst({ where: { id: destinationId, detectorId } }) : null;
    if (!row) throw new NotFoundError(`Publishing destination ${destinationId} not found.`);
    return { caller, destination: row };
  }

  async create(actor: Actor | null, detectorId: string, command: CreateDestinationCommand): Promise<CreatedDestination> {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    const id = newGuardDutyStyleId();
    const inputs = { webhook: command.webhook, s3: command.s3, slack: command.slack, pagerDuty: command.pagerDuty, splunk: command.splunk };
    let columns: Columns;
    let signingSecret: string | null = null;
    if (command.destinationType === "WEBHOOK") {
      propertiesFor("WEBHOOK", inputs, "webhook", true);
      const webhook = await validateWebhook(command.webhook!, this.policy);
      columns = { url: webhook.url, secretCipher: sealSecret(this.secrets, id, webhook.secret) };
      if (webhook.generated) signingSecret = webhook.secret;
    } else if (command.destinationType === "S3") {
      propertiesFor("S3", inputs, "s3", true);
      const { credentials, ...s3 } = await validateS3(command.s3!, this.policy);
      columns = { ...s3, credentialsCipher: credentials ? sealS3Credentials(this.secrets, id, credentials) : null };
    } else {
      propertiesFor(command.destinationType, inputs, RECEIVER_INPUT[command.destinationType], true);
      columns = this.receiverColumns(id, await this.validateReceiver(command.destinationType, command));
    }
    columns = { ...columns, format: validateFormat(command.destinationType, command.format), ...validateFilter(command.filter ?? {}) };
    const created = await this.audit.change(caller, async (tx, record) => {
      await lockDetector(tx, detectorId);
      if ((await tx.publishingDestination.count({ where: { detectorId } })) >= MAX_DESTINATIONS_PER_DETECTOR) {
        throw new ConflictError(`A detector has at most ${MAX_DESTINATIONS_PER_DETECTOR} publishing destinations.`);
      }
      const row = await tx.publishingDestination.create({ data: { id, detectorId, type: command.destinationType, ...columns } });
      record({ accountId: caller.accountRowId, operation: "createPublishingDestination", targetType: "PublishingDestination", targetId: id, after: snapshot(row) });
      return row;
    });
    return { destination: view(created), signingSecret };
  }

  async describe(actor: Actor | null, detectorId: string, destinationId: string): Promise<DestinationView> {
    return view((await this.find(actor, detectorId, destinationId)).destination);
  }

  async list(actor: Actor | null, detectorId: string, request: PageRequest): Promise<Page<DestinationView>> {
    await authorizeDetector(this.db, actor, "use", detectorId);
    const size = pageSize(request.first);
    const keyset = keysetQuery("createdAt", request.after);
    const rows = await this.db.publishingDestination.findMany({ where: { AND: [{ detectorId }, keyset.where] }, orderBy: keyset.orderBy, take: size + 1 });
    const page = toPage(rows, size, (row) => ({ at: row.createdAt, id: row.id }));
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  /** New properties put a failing destination back to PUBLISHING: fixing them is what the failure status asks for. */
  async update(actor: Actor | null, detectorId: string, destinationId: string, command: UpdateDestinationCommand): Promise<DestinationView> {
    const { caller, destination: before } = await this.find(actor, detectorId, destinationId);
    const columns: Columns = {};
    const inputs = { webhook: command.webhook, s3: command.s3, slack: command.slack, pagerDuty: command.pagerDuty, splunk: command.splunk };
    if (before.type === "WEBHOOK") {
      propertiesFor("WEBHOOK", inputs, "webhook", false);
      if (command.webhook?.url) columns.url = await validateWebhookUrl(command.webhook.url, this.policy);
      if (command.webhook?.secret) columns.secretCipher = sealSecret(this.secrets, before.id, validateSigningSecret(command.webhook.secret));
    } else if (before.type === "S3") {
      propertiesFor("S3", inputs, "s3", false);
      if (command.s3) {
        const { credentials, ...s3 } = await validateS3(command.s3, this.policy);
        Object.assign(columns, s3, credentials ? { credentialsCipher: sealS3Credentials(this.secrets, before.id, credentials) } : {});
      }
    } else {
      propertiesFor(before.type, inputs, RECEIVER_INPUT[before.type], false);
      if (inputs[RECEIVER_INPUT[before.type]]) Object.assign(columns, this.receiverColumns(before.id, await this.validateReceiver(before.type, command)));
    }
    if (command.format) columns.format = validateFormat(before.type, command.format);
    if (command.filter) Object.assign(columns, validateFilter(command.filter));
    const propertiesChanged = Object.keys(columns).length > 0;
    const status =
      command.enable === false ? "STOPPED" : command.enable === true || (propertiesChanged && before.status === "UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY") ? "PUBLISHING" : before.status;
    const cleared = status === "PUBLISHING" && before.status !== "PUBLISHING" ? { lastError: null, publishingFailureStartedAt: null } : {};
    return this.audit.change(caller, async (tx, record) => {
      const after = await tx.publishingDestination.update({ where: { id: before.id }, data: { ...columns, status, ...cleared } });
      record({
        accountId: caller.accountRowId,
        operation: "updatePublishingDestination",
        targetType: "PublishingDestination",
        targetId: after.id,
        before: snapshot(before),
        after: snapshot(after),
        // Findings stop flowing to the tools watching them: what someone hiding activity would do.
        securityRelevant: before.status !== "STOPPED" && after.status === "STOPPED",
      });
      return view(after);
    });
  }

  /**
   * Delivers a sample finding (GuardDuty's "[SAMPLE]" convention) to the destination, whatever its
   * filter and status, and answers what the receiver said: the way to check a URL or key works.
   */
  async sendTestNotification(actor: Actor | null, detectorId: string, destinationId: string): Promise<TestNotificationResult> {
    const { destination } = await this.find(actor, detectorId, destinationId);
    const finding = sampleFinding(destination.detectorId, await this.detectorAccountId(destination.detectorId));
    try {
      const answer = await this.delivery.send(destination, [{ finding, idempotencyKey: randomUUID() }]);
      return { delivered: true, statusCode: answer?.status ?? null, response: answer?.body ?? null, error: null };
    } catch (error) {
      const status = /HTTP (\d{3})/.exec((error as Error).message);
      return { delivered: false, statusCode: status ? Number(status[1]) : null, response: null, error: (error as Error).message };
    }
  }

  private async detectorAccountId(detectorId: string): Promise<string> {
    const detector = await this.db.detector.findUniqueOrThrow({ where: { id: detectorId }, select: { account: { select: { accountId: true } } } });
    return detector.account.accountId;
  }

  private validateReceiver(type: "SLACK" | "PAGERDUTY" | "SPLUNK_HEC", inputs: ReceiverInputs): Promise<ReceiverColumns> {
    if (type === "SLACK") return validateSlack(inputs.slack!, this.policy);
    if (type === "PAGERDUTY") return validatePagerDuty(inputs.pagerDuty!, this.policy);
    return validateSplunk(inputs.splunk!, this.policy);
  }

  private receiverColumns(id: string, receiver: ReceiverColumns): Columns {
    const { credential, ...rest } = receiver;
    return { ...rest, secretCipher: sealSecret(this.secrets, id, credential) };
  }

  async delete(actor: Actor | null, detectorId: string, destinationId: string): Promise<void> {
    const { caller, destination: row } = await this.find(actor, detectorId, destinationId);
    await this.audit.change(caller, async (tx, record) => {
      await tx.publishingDestination.delete({ where: { id: row.id } });
      record({ accountId: caller.accountRowId, operation: "deletePublishingDestination", targetType: "PublishingDestination", targetId: row.id, before: snapshot(row), securityRelevant: true });
    });
  }
}
