import type { Database } from "../../db/prisma.js";
import type { Transaction } from "../../db/transaction.js";
import type { OrganizationAdmin } from "../../generated/prisma/client.js";
import { type AuditLog, SYSTEM_ACTOR } from "../audit/audit-log.js";
import { detectorSnapshot } from "../detectors/data-sources.js";
import { newGuardDutyStyleId } from "../ids.js";
import { ACTIVE_AS_ADMINISTRATOR, ASSOCIATED } from "../policies/relationships.js";
import type { OrganizationAccounts } from "./organization-accounts.js";

/** The detector columns auto-enable sets in an enrolled account, from the organisation's per-data-source choice. */
export function autoEnabledDataSources(configuration: OrganizationAdmin) {
  return {
    cloudTrail: configuration.autoEnableCloudTrail,
    s3DataEvents: configuration.autoEnableS3DataEvents,
    flowLogs: configuration.autoEnableFlowLogs,
    dnsLogs: configuration.autoEnableDnsLogs,
  };
}

/**
 * GuardDuty's organisation auto-enable: accounts an administrator's organisation sources name that are
 * not its members become Enabled members without an invitation round, under autoEnableOrganizationMembers
 * NEW (accounts first seen since it was set, never a former member) or ALL (every account seen). Only
 * accounts registered in Vigil that no other organisation holds can be enrolled; the others stay candidates.
 * Each enrolment is audited, by SYSTEM.
 *
 * A system service (see ./README.md): it runs after an organisation source's object is recorded, and when
 * the administrator switches to ALL (already authorized then), so it takes no Actor.
 */
export class OrganizationEnrollment {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly organizations: OrganizationAccounts,
  ) {}

  /** Enrolls those of `seen` (12-digit ids; every candidate when omitted) that the configuration admits. Returns the accounts enrolled. */
  async enroll(administratorRowId: string, seen?: readonly string[]): Promise<string[]> {
    const configuration = await this.db.organizationAdmin.findUnique({ where: { accountId: administratorRowId } });
    if (!configuration || configuration.autoEnable === "NONE") return [];
    const candidates = await this.candidates(configuration, seen);
    if (candidates.length === 0) return [];
    const enrolled = await this.audit.change(SYSTEM_ACTOR, async (tx, record) => {
      const done: Array<{ accountId: string; rowId: string }> = [];
      for (const accountId of candidates) {
        const account = await this.eligibleAccount(tx, administratorRowId, accountId, configuration.autoEnable === "NEW");
        if (!account) continue;
        const membership = await tx.membership.upsert({
          where: { administratorId_memberId: { administratorId: administratorRowId, memberId: account.id } },
          create: { administratorId: administratorRowId, memberId: account.id, email: account.email, relationshipStatus: "ENABLED" },
          update: { relationshipStatus: "ENABLED" },
        });
        await tx.invitation.updateMany({ where: { membershipId: membership.id, status: "PENDING" }, data: { status: "WITHDRAWN", respondedAt: new Date() } });
        const detector = account.detector
          ? await tx.detector.update({ where: { id: account.detector.id }, data: autoEnabledDataSources(configuration) })
          : await tx.detector.create({ data: { id: newGuardDutyStyleId(), accountId: account.id, status: "ENABLED", ...autoEnabledDataSources(configuration) } });
        record({
          accountId: administratorRowId,
          relatedAccountId: account.id,
          operation: "autoEnableOrganizationMember",
          targetType: "Member",
          targetId: accountId,
          before: null,
          after: { relationshipStatus: "ENABLED", autoEnableOrganizationMembers: configuration.autoEnable, detectorId: detector.id, ...detectorSnapshot(detector) },
        });
        done.push({ accountId, rowId: account.id });
      }
      return done;
    });
    this.organizations.forget(administratorRowId, enrolled.map((member) => member.rowId));
    return enrolled.map((member) => member.accountId);
  }

  /** Accounts named by the administrator's organisation sources that are not associated members, oldest first. */
  private async candidates(configuration: OrganizationAdmin, seen?: readonly string[]): Promise<string[]> {
    const rows = await this.db.logSourceAccountEvents.groupBy({
      by: ["accountId"],
      where: {
        logSource: { organizationSource: true, detector: { accountId: configuration.accountId } },
        ...(seen ? { accountId: { in: [...seen] } } : {}),
      },
      _min: { firstSeenAt: true },
    });
    return rows
      .filter((row) => configuration.autoEnable === "ALL" || row._min.firstSeenAt! >= configuration.autoEnableChangedAt)
      .sort((a, b) => a._min.firstSeenAt!.getTime() - b._min.firstSeenAt!.getTime() || a.accountId.localeCompare(b.accountId))
      .map((row) => row.accountId);
  }

  /**
   * The registered account to enroll, or null: an account is never an administrator and a member at once, nor
   * in two organisations; under NEW a former member (removed or resigned) is not new.
   */
  private async eligibleAccount(tx: Transaction, administratorRowId: string, accountId: string, onlyNew: boolean) {
    const account = await tx.account.findUnique({ where: { accountId }, include: { detector: true, organizationAdmin: true } });
    if (!account || account.id === administratorRowId || account.organizationAdmin) return null;
    const memberships = await tx.membership.findMany({
      where: {
        OR: [
          { administratorId: account.id, relationshipStatus: { in: [...ACTIVE_AS_ADMINISTRATOR] } },
          { memberId: account.id, relationshipStatus: { in: [...ASSOCIATED] } },
          ...(onlyNew ? [{ memberId: account.id, administratorId: administratorRowId }] : []),
        ],
      },
      select: { id: true },
      take: 1,
    });
    return memberships.length === 0 ? account : null;
  }
}
