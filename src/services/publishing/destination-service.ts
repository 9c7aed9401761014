import { lockDetector } from "../../db/detectors/detector-lock.js";
import type { Database } from "../../db/prisma.js";
import type { PublishingDestination } from "../../generated/prisma/client.js";
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

export type DestinationType = PublishingDestination["type"];

export type CreateDestinationCommand = { destinationType: DestinationType; webhook?: WebhookInput | null; s3?: S3DestinationInput | null };

export type UpdateDestinationCommand = {
  webhook?: { url?: string | null; secret?: string | null } | null;
  s3?: S3DestinationInput | null;
  /** false stops publishing (STOPPED); true resumes it. */
  enable?: boolean | null;
};

/** What a client may see of a destination: never the secret or the credentials themselves. */
export type DestinationView = Omit<PublishingDestination, "secretCipher" | "credentialsCipher"> & { hasCredentials: boolean };

export type CreatedDestination = { destination: DestinationView; /** Only when Vigil generated it: shown this once. */ signingSecret: string | null };

const MAX_DESTINATIONS_PER_DETECTOR = 10;

function view(row: PublishingDestination): DestinationView {
  const { secretCipher: _secret, credentialsCipher, ...rest } = row;
  return { ...rest, hasCredentials: credentialsCipher !== null };
}

function snapshot(row: PublishingDestination) {
  return { type: row.type, url: row.url, s3Bucket: row.s3Bucket, s3Prefix: row.s3Prefix, s3Region: row.s3Region, s3Endpoint: row.s3Endpoint, status: row.status };
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
    let columns: Partial<PublishingDestination>;
    let signingSecret: string | null = null;
    if (command.destinationType === "WEBHOOK") {
      if (!command.webhook || command.s3) throw new InvalidInputError("A WEBHOOK destination takes webhook properties (url, secret), and no s3 ones.");
      const webhook = await validateWebhook(command.webhook, this.policy);
      columns = { url: webhook.url, secretCipher: sealSecret(this.secrets, id, webhook.secret) };
      if (webhook.generated) signingSecret = webhook.secret;
    } else {
      if (!command.s3 || command.webhook) throw new InvalidInputError("An S3 destination takes s3 properties (bucket, prefix, region, endpoint, credentials), and no webhook ones.");
      const { credentials, ...s3 } = await validateS3(command.s3, this.policy);
      columns = { ...s3, credentialsCipher: credentials ? sealS3Credentials(this.secrets, id, credentials) : null };
    }
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
    const columns: Partial<PublishingDestination> = {};
    if (command.webhook) {
      if (before.type !== "WEBHOOK") throw new InvalidInputError("This is an S3 destination: update its s3 properties.");
      if (command.webhook.url) columns.url = await validateWebhookUrl(command.webhook.url, this.policy);
      if (command.webhook.secret) columns.secretCipher = sealSecret(this.secrets, before.id, validateSigningSecret(command.webhook.secret));
    }
    if (command.s3) {
      if (before.type !== "S3") throw new InvalidInputError("This is a WEBHOOK destination: update its webhook properties.");
      const { credentials, ...s3 } = await validateS3(command.s3, this.policy);
      Object.assign(columns, s3, credentials ? { credentialsCipher: sealS3Credentials(this.secrets, before.id, credentials) } : {});
    }
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

  async delete(actor: Actor | null, detectorId: string, destinationId: string): Promise<void> {
    const { caller, destination: row } = await this.find(actor, detectorId, destinationId);
    await this.audit.change(caller, async (tx, record) => {
      await tx.publishingDestination.delete({ where: { id: row.id } });
      record({ accountId: caller.accountRowId, operation: "deletePublishingDestination", targetType: "PublishingDestination", targetId: row.id, before: snapshot(row), securityRelevant: true });
    });
  }
}
