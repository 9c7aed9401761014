import type { Database } from "../../db/prisma.js";
import { type Actor, requireOperator } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { newGuardDutyStyleId } from "../ids.js";
import { organizationAdminOf } from "../policies/organization.js";
import { ASSOCIATED, LISTED_AS_ASSOCIATED } from "../policies/relationships.js";
import type { OrganizationAccounts } from "../system/organization-accounts.js";
import { snapshot } from "./organization-service.js";

const ACCOUNT_ID = /^\d{12}$/;

export type OrganizationAdminAccount = { adminAccountId: string; adminStatus: "ENABLED" };

/**
 * The operator's side of GuardDuty's organisation operations: the operator stands for AWS Organizations'
 * management account and designates each organisation's administrator.
 */
export class OrganizationAdminService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly organizations: OrganizationAccounts,
  ) {}

  private async registeredAccount(adminAccountId: string) {
    const account = ACCOUNT_ID.test(adminAccountId) ? await this.db.account.findUnique({ where: { accountId: adminAccountId }, include: { detector: true } }) : null;
    if (!account) throw new NotFoundError(`Account ${adminAccountId} is not registered in Vigil.`);
    return account;
  }

  /** Operator: designates the account its organisation's administrator; its detector is created (enabled) when it has none. */
  async enableOrganizationAdminAccount(actor: Actor | null, adminAccountId: string): Promise<OrganizationAdminAccount> {
    const operator = requireOperator(actor);
    const account = await this.registeredAccount(adminAccountId);
    await this.audit.change(operator, async (tx, record) => {
      if (await tx.organizationAdmin.findUnique({ where: { accountId: account.id } })) return;
      if (await tx.membership.count({ where: { memberId: account.id, relationshipStatus: { in: [...ASSOCIATED] } } })) {
        throw new ConflictError("The account is a member of an administrator: an account is never an administrator and a member at once.");
      }
      await tx.organizationAdmin.create({ data: { accountId: account.id } });
      if (!account.detector) await tx.detector.create({ data: { id: newGuardDutyStyleId(), accountId: account.id, status: "ENABLED" } });
      record({ accountId: account.id, operation: "enableOrganizationAdminAccount", targetType: "OrganizationAdmin", targetId: adminAccountId, after: { adminStatus: "ENABLED" }, securityRelevant: true });
    });
    return { adminAccountId, adminStatus: "ENABLED" };
  }

  /**
   * Operator: removes the designation. As in GuardDuty, every member is disassociated (their detectors stay)
   * and the administrator's sources stop speaking for the organisation; refused under ALL, which must be
   * set to NEW or NONE first.
   */
  async disableOrganizationAdminAccount(actor: Actor | null, adminAccountId: string): Promise<void> {
    const operator = requireOperator(actor);
    const account = await this.registeredAccount(adminAccountId);
    const configuration = await organizationAdminOf(this.db, account.id);
    if (!configuration) throw new NotFoundError(`Account ${adminAccountId} is not an organisation's administrator.`);
    if (configuration.autoEnable === "ALL") throw new ConflictError("The organisation's autoEnableOrganizationMembers is ALL; set it to NEW or NONE first.");
    const removed = await this.audit.change(operator, async (tx, record) => {
      const members = await tx.membership.findMany({ where: { administratorId: account.id, relationshipStatus: { in: [...LISTED_AS_ASSOCIATED] } }, include: { member: true } });
      for (const membership of members) {
        await tx.invitation.updateMany({ where: { membershipId: membership.id, status: "PENDING" }, data: { status: "WITHDRAWN", respondedAt: new Date() } });
        await tx.membership.update({ where: { id: membership.id }, data: { relationshipStatus: "REMOVED" } });
        record({
          accountId: account.id,
          relatedAccountId: membership.memberId,
          operation: "disassociateMembers",
          targetType: "Member",
          targetId: membership.member.accountId,
          before: { relationshipStatus: membership.relationshipStatus },
          after: { relationshipStatus: "REMOVED" },
          securityRelevant: membership.relationshipStatus === "ENABLED",
        });
      }
      await tx.logSource.updateMany({ where: { detector: { accountId: account.id }, organizationSource: true }, data: { organizationSource: false } });
      await tx.organizationAdmin.delete({ where: { accountId: account.id } });
      record({ accountId: account.id, operation: "disableOrganizationAdminAccount", targetType: "OrganizationAdmin", targetId: adminAccountId, before: snapshot(configuration), securityRelevant: true });
      return members.map((membership) => membership.memberId);
    });
    this.organizations.forget(account.id, removed);
  }

  /** Operator: the designated administrators, by account id. */
  async listOrganizationAdminAccounts(actor: Actor | null): Promise<OrganizationAdminAccount[]> {
    requireOperator(actor);
    const rows = await this.db.organizationAdmin.findMany({ include: { account: { select: { accountId: true } } }, orderBy: { createdAt: "asc" } });
    return rows.map((row) => ({ adminAccountId: row.account.accountId, adminStatus: "ENABLED" as const }));
  }
}
