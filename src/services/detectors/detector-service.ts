import type { Database } from "../../db/prisma.js";
import { isUniqueViolation } from "../../db/errors.js";
import type { Detector, FindingPublishingFrequency } from "../../generated/prisma/client.js";
import type { StoredAccount } from "../accounts/account-service.js";
import { type Actor, requireAccount } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { ConflictError, InvalidInputError } from "../errors.js";
import { newGuardDutyStyleId } from "../ids.js";
import { authorizeDetector, authorizeDetectorRead } from "../policies/detector.js";
import { actsAsAdministrator, currentAdministratorship } from "../policies/relationships.js";
import { dataSourceColumns, type DataSourceSetting, dataSourcesSwitchedOff, detectorSnapshot } from "./data-sources.js";
import { type Tag, validateTags } from "./tags.js";

/** A detector as this service hands it out: its stored settings, as presenters read them. */
export type StoredDetector = Detector;

export type CreateDetectorCommand = {
  enable: boolean;
  findingPublishingFrequency?: FindingPublishingFrequency | null;
  dataSources?: DataSourceSetting[] | null;
  tags?: Tag[] | null;
};

export type UpdateDetectorCommand = {
  enable?: boolean | null;
  findingPublishingFrequency?: FindingPublishingFrequency | null;
  dataSources?: DataSourceSetting[] | null;
  /** An administrator's choice: may its members archive their own findings? */
  membersCanArchive?: boolean | null;
  /** Replaces the accounts this detector's rules never count as outside. */
  trustedAccountIds?: readonly string[] | null;
};

/** Far more than any partner list; keeps the per-object settings small. */
const MAX_TRUSTED_ACCOUNTS = 100;

function validateTrustedAccounts(ids: readonly string[] | null | undefined): string[] | undefined {
  if (ids === null || ids === undefined) return undefined;
  const bad = ids.find((id) => !/^\d{12}$/.test(id));
  if (bad !== undefined) throw new InvalidInputError(`trustedAccountIds must be 12-digit AWS account ids, not ${JSON.stringify(bad)}.`);
  const unique = [...new Set(ids)].sort();
  if (unique.length > MAX_TRUSTED_ACCOUNTS) throw new InvalidInputError(`A detector trusts at most ${MAX_TRUSTED_ACCOUNTS} accounts.`);
  return unique;
}

export class DetectorService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  async create(actor: Actor | null, command: CreateDetectorCommand): Promise<StoredDetector> {
    const caller = requireAccount(actor);
    const tags = validateTags(command.tags);
    try {
      return await this.audit.change(caller, async (tx, record) => {
        const detector = await tx.detector.create({
          data: {
            id: newGuardDutyStyleId(),
            accountId: caller.accountRowId,
            status: command.enable ? "ENABLED" : "DISABLED",
            findingPublishingFrequency: command.findingPublishingFrequency ?? undefined,
            tags,
            ...dataSourceColumns(command.dataSources),
          },
        });
        record({ accountId: caller.accountRowId, operation: "createDetector", targetType: "Detector", targetId: detector.id, after: detectorSnapshot(detector) });
        return detector;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError("This account already has a detector (one per account).");
      throw error;
    }
  }

  /** Own detector, or a member's for its administrator; with the owner's 12-digit account id. */
  async get(actor: Actor | null, detectorId: string): Promise<StoredDetector & { account: StoredAccount }> {
    return (await authorizeDetectorRead(this.db, actor, detectorId)).detector;
  }

  async list(actor: Actor | null): Promise<string[]> {
    const caller = requireAccount(actor);
    const own = await this.db.detector.findUnique({ where: { accountId: caller.accountRowId }, select: { id: true } });
    return own ? [own.id] : [];
  }

  async update(actor: Actor | null, detectorId: string, command: UpdateDetectorCommand): Promise<StoredDetector> {
    const { caller, detector: before } = await authorizeDetector(this.db, actor, "use", detectorId);
    const trustedAccountIds = validateTrustedAccounts(command.trustedAccountIds);
    return this.audit.change(caller, async (tx, record) => {
      const after = await tx.detector.update({
        where: { id: before.id },
        data: {
          status: command.enable === null || command.enable === undefined ? undefined : command.enable ? "ENABLED" : "DISABLED",
          findingPublishingFrequency: command.findingPublishingFrequency ?? undefined,
          membersCanArchive: command.membersCanArchive ?? undefined,
          trustedAccountIds,
          ...dataSourceColumns(command.dataSources),
        },
      });
      record({
        accountId: caller.accountRowId,
        operation: "updateDetector",
        targetType: "Detector",
        targetId: after.id,
        before: detectorSnapshot(before),
        after: detectorSnapshot(after),
        // Trusting a new account silences the "shared outside" rules for it: what an attacker would do first.
        securityRelevant:
          (before.status === "ENABLED" && after.status === "DISABLED") ||
          dataSourcesSwitchedOff(before, after) ||
          after.trustedAccountIds.some((id) => !before.trustedAccountIds.includes(id)),
      });
      return after;
    });
  }

  /** Removes the detector and everything that hangs off it. Refused while the account is part of a relationship. */
  async delete(actor: Actor | null, detectorId: string): Promise<void> {
    const { caller, detector } = await authorizeDetector(this.db, actor, "use", detectorId);
    if (await actsAsAdministrator(this.db, caller.accountRowId)) {
      throw new ConflictError("Disassociate and delete your members before deleting the administrator's detector.");
    }
    if (await currentAdministratorship(this.db, caller.accountRowId)) {
      throw new ConflictError("This account is a member: disassociate from its administrator before deleting its detector.");
    }
    await this.audit.change(caller, async (tx, record) => {
      await tx.detector.delete({ where: { id: detector.id } });
      record({
        accountId: caller.accountRowId,
        operation: "deleteDetector",
        targetType: "Detector",
        targetId: detector.id,
        before: detectorSnapshot(detector),
        securityRelevant: true,
      });
    });
  }
}
