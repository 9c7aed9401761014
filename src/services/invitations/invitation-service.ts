import { isUniqueViolation } from "../../db/errors.js";
import type { Database } from "../../db/prisma.js";
import type { Account, Invitation, Membership } from "../../generated/prisma/client.js";
import { type Actor, requireAccount } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { GUARDDUTY_STYLE_ID } from "../ids.js";
import { Batch, type BatchResult } from "../members/batch.js";
import { keysetQuery, type Page, type PageRequest, pageSize, toPage } from "../pagination.js";
import { membersLockedBy } from "../policies/organization.js";
import { authorizeDetector } from "../policies/detector.js";
import { ASSOCIATED, actsAsAdministrator, currentAdministratorship } from "../policies/relationships.js";

export type ReceivedInvitation = Invitation & { membership: Membership & { administrator: Account } };
export type AdministratorRelationship = { administrator: Account; membership: Membership; invitationId: string | null };

const INCLUDE = { membership: { include: { administrator: true } } } as const;

/** The member's side: invitations received, accepting one administrator, leaving it. */
export class InvitationService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  /** Pending invitations and the accepted one of the current relationship (GuardDuty lists both). */
  async list(actor: Actor | null, page: PageRequest): Promise<Page<ReceivedInvitation>> {
    const caller = requireAccount(actor);
    const size = pageSize(page.first);
    const keyset = keysetQuery("invitedAt", page.after);
    const rows = await this.db.invitation.findMany({
      where: {
        AND: [
          { membership: { memberId: caller.accountRowId } },
          { OR: [{ status: "PENDING" }, { status: "ACCEPTED", membership: { relationshipStatus: { in: [...ASSOCIATED] } } }] },
          keyset.where,
        ],
      },
      include: INCLUDE,
      orderBy: keyset.orderBy,
      take: size + 1,
    });
    return toPage(rows, size, (row) => ({ at: row.invitedAt, id: row.id }));
  }

  /** Pending invitations, not counting the accepted one. */
  count(actor: Actor | null): Promise<number> {
    const caller = requireAccount(actor);
    return this.db.invitation.count({ where: { membership: { memberId: caller.accountRowId }, status: "PENDING" } });
  }

  async accept(actor: Actor | null, detectorId: string, administratorAccountId: string, invitationId: string): Promise<void> {
    const caller = requireAccount(actor);
    const own = await this.db.detector.findUnique({ where: { accountId: caller.accountRowId } });
    if (!own) throw new ConflictError("Create a detector before accepting an invitation.");
    await authorizeDetector(this.db, caller, "use", detectorId);
    const invitation = GUARDDUTY_STYLE_ID.test(invitationId)
      ? await this.db.invitation.findUnique({ where: { id: invitationId }, include: INCLUDE })
      : null;
    if (
      !invitation ||
      invitation.status !== "PENDING" ||
      invitation.membership.memberId !== caller.accountRowId ||
      invitation.membership.administrator.accountId !== administratorAccountId
    ) {
      throw new NotFoundError(`No pending invitation ${invitationId} from ${administratorAccountId}.`);
    }
    if (await currentAdministratorship(this.db, caller.accountRowId)) {
      throw new ConflictError("This account already has an administrator; disassociate from it first.");
    }
    if (await actsAsAdministrator(this.db, caller.accountRowId)) {
      throw new ConflictError("This account is an administrator and cannot become a member.");
    }
    try {
      await this.audit.change(caller, async (tx, record) => {
        await tx.invitation.update({ where: { id: invitation.id }, data: { status: "ACCEPTED", respondedAt: new Date() } });
        await tx.membership.update({ where: { id: invitation.membershipId }, data: { relationshipStatus: "ENABLED" } });
        record({
          accountId: caller.accountRowId,
          relatedAccountId: invitation.membership.administratorId,
          operation: "acceptAdministratorInvitation",
          targetType: "Invitation",
          targetId: invitation.id,
          before: { relationshipStatus: invitation.membership.relationshipStatus },
          after: { relationshipStatus: "ENABLED" },
        });
      });
    } catch (error) {
      // Two invitations accepted at the same instant: the database lets one win.
      if (isUniqueViolation(error)) throw new ConflictError("This account already has an administrator; disassociate from it first.");
      throw error;
    }
  }

  /** Declines (status DECLINED) or deletes (DELETED) the pending invitations of the given administrators. */
  private async respond(actor: Actor | null, administratorAccountIds: string[], response: "DECLINED" | "DELETED"): Promise<BatchResult> {
    const caller = requireAccount(actor);
    const batch = new Batch(administratorAccountIds);
    const operation = response === "DECLINED" ? "declineInvitations" : "deleteInvitations";
    const answerable = response === "DECLINED" ? (["PENDING"] as const) : (["PENDING", "DECLINED"] as const);
    await this.audit.change(caller, async (tx, record) => {
      const memberships = await tx.membership.findMany({
        where: { memberId: caller.accountRowId, administrator: { accountId: { in: batch.accountIds } } },
        include: { administrator: true, invitations: { where: { status: { in: [...answerable] } } } },
      });
      const byAdministrator = new Map(memberships.map((m) => [m.administrator.accountId, m]));
      for (const accountId of batch.accountIds) {
        const membership = byAdministrator.get(accountId);
        if (!membership || membership.invitations.length === 0) {
          const associated = membership && ["ENABLED", "DISABLED"].includes(membership.relationshipStatus);
          batch.fail(accountId, associated ? "The invitation was accepted; disassociate from the administrator instead." : "No invitation from this account.");
          continue;
        }
        await tx.invitation.updateMany({
          where: { id: { in: membership.invitations.map((i) => i.id) } },
          data: { status: response, respondedAt: new Date() },
        });
        if (membership.relationshipStatus === "INVITED") {
          await tx.membership.update({ where: { id: membership.id }, data: { relationshipStatus: "CREATED" } });
        }
        record({
          accountId: caller.accountRowId,
          relatedAccountId: membership.administratorId,
          operation,
          targetType: "Invitation",
          targetId: membership.invitations.map((i) => i.id).join(","),
          before: { relationshipStatus: membership.relationshipStatus },
          after: { relationshipStatus: membership.relationshipStatus === "INVITED" ? "CREATED" : membership.relationshipStatus },
        });
      }
    });
    return batch.result();
  }

  decline(actor: Actor | null, administratorAccountIds: string[]): Promise<BatchResult> {
    return this.respond(actor, administratorAccountIds, "DECLINED");
  }

  delete(actor: Actor | null, administratorAccountIds: string[]): Promise<BatchResult> {
    return this.respond(actor, administratorAccountIds, "DELETED");
  }

  /** The member's administrator, or null for administrators and standalone accounts. */
  async administrator(actor: Actor | null, detectorId: string): Promise<AdministratorRelationship | null> {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    const membership = await currentAdministratorship(this.db, caller.accountRowId);
    if (!membership) return null;
    const accepted = await this.db.invitation.findFirst({
      where: { membershipId: membership.id, status: "ACCEPTED" },
      orderBy: { respondedAt: "desc" },
    });
    return { administrator: membership.administrator, membership, invitationId: accepted?.id ?? null };
  }

  async leave(actor: Actor | null, detectorId: string): Promise<void> {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    const membership = await currentAdministratorship(this.db, caller.accountRowId);
    if (!membership) throw new ConflictError("This account is not associated with an administrator.");
    const locked = await membersLockedBy(this.db, membership.administratorId, "disassociateFromAdministratorAccount");
    if (locked) throw locked;
    await this.audit.change(caller, async (tx, record) => {
      await tx.membership.update({ where: { id: membership.id }, data: { relationshipStatus: "RESIGNED" } });
      record({
        accountId: caller.accountRowId,
        relatedAccountId: membership.administratorId,
        operation: "disassociateFromAdministratorAccount",
        targetType: "Member",
        targetId: caller.accountId,
        before: { relationshipStatus: membership.relationshipStatus },
        after: { relationshipStatus: "RESIGNED" },
        securityRelevant: true,
      });
    });
  }
}
