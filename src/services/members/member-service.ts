import type { Database } from "../../db/prisma.js";
import type { Transaction } from "../../db/transaction.js";
import type { Account, Detector, Membership, RelationshipStatus } from "../../generated/prisma/client.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import type { AccountActor, Actor } from "../actor.js";
import { validateEmail } from "../accounts/account-service.js";
import type { AuditLog } from "../audit/audit-log.js";
import { dataSourceColumns, type DataSourceSetting, detectorSnapshot } from "../detectors/data-sources.js";
import { InvalidInputError } from "../errors.js";
import { newGuardDutyStyleId } from "../ids.js";
import { keysetQuery, type Page, type PageRequest, pageSize, toPage } from "../pagination.js";
import {
  ASSOCIATED,
  actsAsAdministrator,
  currentAdministratorship,
  LISTED_AS_ASSOCIATED,
} from "../policies/relationships.js";
import { Batch, type BatchResult } from "./batch.js";
import { membersLockedBy, organizationAdminOf } from "../policies/organization.js";
import { authorizeDetector } from "../policies/detector.js";

/**
 * One answer for an account that is unknown, an administrator or another administrator's member:
 * telling them apart would let any administrator learn which accounts exist and how others are organized.
 */
export const UNAVAILABLE_ACCOUNT = "The account cannot become your member: it is not registered in Vigil, or it belongs to another organization.";

export type MemberRecord = Membership & { member: Account & { detector: Detector | null }; administrator: Account };
export type AccountDetail = { accountId: string; email: string };
export type MemberDetector = { accountId: string; detector: Detector };

const MEMBER_INCLUDE = { member: { include: { detector: true } }, administrator: true } as const;
const MAX_MESSAGE_LENGTH = 1000;

function is(status: RelationshipStatus, among: readonly RelationshipStatus[]): boolean {
  return among.includes(status);
}

/** The member's detector when the administrator may reach it, else why not. */
function associatedDetector(membership: MemberRecord | undefined): Detector | string {
  if (!membership || !is(membership.relationshipStatus, ASSOCIATED)) return "The account is not an associated member.";
  return membership.member.detector ?? "The member has no detector.";
}

/** An invitation not yet answered is void once the relationship changes. */
function withdrawPendingInvitations(tx: Transaction, membershipId: string) {
  return tx.invitation.updateMany({ where: { membershipId, status: "PENDING" }, data: { status: "WITHDRAWN", respondedAt: new Date() } });
}

/** The administrator's side of GuardDuty's multi-account model. Every call names the caller's own detector. */
export class MemberService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly pubSub: VigilPubSub,
  ) {}

  private async administrator(actor: Actor | null, detectorId: string): Promise<AccountActor> {
    const { caller } = await authorizeDetector(this.db, actor, "manageMembers", detectorId);
    return caller;
  }

  /** Memberships of the caller with the given 12-digit account ids, keyed by account id. */
  private async membershipsOf(db: Transaction | Database, administratorRowId: string, accountIds: string[]) {
    const rows = await db.membership.findMany({
      where: { administratorId: administratorRowId, member: { accountId: { in: accountIds } } },
      include: MEMBER_INCLUDE,
    });
    return new Map(rows.map((row) => [row.member.accountId, row as MemberRecord]));
  }

  /** Why the account cannot join this administrator, if it cannot. Nothing about another organization is told apart. */
  private async eligibility(tx: Transaction, administratorRowId: string, candidate: Account): Promise<string | undefined> {
    if (candidate.id === administratorRowId) return "An account cannot be its own member.";
    if ((await actsAsAdministrator(tx, candidate.id)) || (await organizationAdminOf(tx, candidate.id))) return UNAVAILABLE_ACCOUNT;
    const current = await currentAdministratorship(tx, candidate.id);
    if (current && current.administratorId !== administratorRowId) return UNAVAILABLE_ACCOUNT;
    return undefined;
  }

  async createMembers(actor: Actor | null, detectorId: string, details: AccountDetail[]): Promise<BatchResult> {
    const caller = await this.administrator(actor, detectorId);
    const batch = new Batch(details.map((d) => d.accountId));
    const emails = new Map(details.map((d) => [d.accountId, d.email]));
    await this.audit.change(caller, async (tx, record) => {
      const accounts = new Map(
        (await tx.account.findMany({ where: { accountId: { in: batch.accountIds } } })).map((a) => [a.accountId, a]),
      );
      const existing = await this.membershipsOf(tx, caller.accountRowId, batch.accountIds);
      for (const accountId of batch.accountIds) {
        let email: string;
        try {
          email = validateEmail(emails.get(accountId) ?? "");
        } catch (error) {
          batch.fail(accountId, (error as Error).message);
          continue;
        }
        const candidate = accounts.get(accountId);
        if (!candidate) {
          batch.fail(accountId, UNAVAILABLE_ACCOUNT);
          continue;
        }
        const problem = await this.eligibility(tx, caller.accountRowId, candidate);
        if (problem) {
          batch.fail(accountId, problem);
          continue;
        }
        const membership = existing.get(accountId);
        if (membership && !is(membership.relationshipStatus, ["REMOVED", "RESIGNED"])) {
          batch.fail(accountId, "The account is already a member.");
          continue;
        }
        const saved = membership
          ? await tx.membership.update({ where: { id: membership.id }, data: { email, relationshipStatus: "CREATED", invitedAt: null } })
          : await tx.membership.create({ data: { administratorId: caller.accountRowId, memberId: candidate.id, email } });
        record({
          accountId: caller.accountRowId,
          relatedAccountId: candidate.id,
          operation: "createMembers",
          targetType: "Member",
          targetId: accountId,
          before: membership ? { relationshipStatus: membership.relationshipStatus } : null,
          after: { relationshipStatus: saved.relationshipStatus, email },
        });
      }
    });
    return batch.result();
  }

  async inviteMembers(actor: Actor | null, detectorId: string, accountIds: string[], message?: string | null): Promise<BatchResult> {
    const caller = await this.administrator(actor, detectorId);
    if (message && message.length > MAX_MESSAGE_LENGTH) throw new InvalidInputError(`message is longer than ${MAX_MESSAGE_LENGTH} characters.`);
    const batch = new Batch(accountIds);
    const sent: Array<{ recipientRowId: string; invitationId: string; memberAccountId: string; invitedAt: Date }> = [];
    await this.audit.change(caller, async (tx, record) => {
      const existing = await this.membershipsOf(tx, caller.accountRowId, batch.accountIds);
      for (const accountId of batch.accountIds) {
        const membership = existing.get(accountId);
        if (!membership) {
          batch.fail(accountId, "The account is not a member of this administrator; call createMembers first.");
          continue;
        }
        if (is(membership.relationshipStatus, ASSOCIATED)) {
          batch.fail(accountId, "The account is already associated with this administrator.");
          continue;
        }
        const problem = await this.eligibility(tx, caller.accountRowId, membership.member);
        if (problem) {
          batch.fail(accountId, problem);
          continue;
        }
        await withdrawPendingInvitations(tx, membership.id);
        const invitation = await tx.invitation.create({ data: { id: newGuardDutyStyleId(), membershipId: membership.id, message: message ?? null } });
        await tx.membership.update({ where: { id: membership.id }, data: { relationshipStatus: "INVITED", invitedAt: invitation.invitedAt } });
        sent.push({ recipientRowId: membership.memberId, invitationId: invitation.id, memberAccountId: accountId, invitedAt: invitation.invitedAt });
        record({
          accountId: caller.accountRowId,
          relatedAccountId: membership.memberId,
          operation: "inviteMembers",
          targetType: "Member",
          targetId: accountId,
          before: { relationshipStatus: membership.relationshipStatus },
          after: { relationshipStatus: "INVITED", invitationId: invitation.id },
        });
      }
    });
    for (const invitation of sent) {
      this.pubSub.publish("INVITATION_RECEIVED", invitation.recipientRowId, {
        invitationId: invitation.invitationId,
        administratorAccountId: caller.accountId,
        memberAccountId: invitation.memberAccountId,
        message: message ?? null,
        invitedAt: invitation.invitedAt.toISOString(),
      });
    }
    return batch.result();
  }

  async getMembers(actor: Actor | null, detectorId: string, accountIds: string[]): Promise<{ members: MemberRecord[] } & BatchResult> {
    const caller = await this.administrator(actor, detectorId);
    const batch = new Batch(accountIds);
    const existing = await this.membershipsOf(this.db, caller.accountRowId, batch.accountIds);
    const members: MemberRecord[] = [];
    for (const accountId of batch.accountIds) {
      const membership = existing.get(accountId);
      if (membership) members.push(membership);
      else batch.fail(accountId, "The account is not a member of this administrator.");
    }
    return { members, ...batch.result() };
  }

  async listMembers(actor: Actor | null, detectorId: string, onlyAssociated: boolean, page: PageRequest): Promise<Page<MemberRecord>> {
    const caller = await this.administrator(actor, detectorId);
    const size = pageSize(page.first);
    const keyset = keysetQuery("createdAt", page.after);
    const rows = await this.db.membership.findMany({
      where: {
        AND: [
          { administratorId: caller.accountRowId },
          onlyAssociated ? { relationshipStatus: { in: [...LISTED_AS_ASSOCIATED] } } : {},
          keyset.where,
        ],
      },
      include: MEMBER_INCLUDE,
      orderBy: keyset.orderBy,
      take: size + 1,
    });
    return toPage(rows as MemberRecord[], size, (row) => ({ at: row.createdAt, id: row.id }));
  }

  /**
   * Applies one status transition to a batch of members. `allowedFrom` lists the statuses the
   * transition makes sense from; anything else is reported per account, with its current status.
   */
  private async transition(
    actor: Actor | null,
    detectorId: string,
    accountIds: string[],
    spec: {
      operation: string;
      allowedFrom: readonly RelationshipStatus[];
      to: RelationshipStatus | "DELETED";
      securityRelevantFrom?: readonly RelationshipStatus[];
      /** Refused under the organisation's autoEnableOrganizationMembers ALL. */
      lockedUnderAll?: boolean;
    },
  ): Promise<BatchResult> {
    const caller = await this.administrator(actor, detectorId);
    const locked = spec.lockedUnderAll ? await membersLockedBy(this.db, caller.accountRowId, spec.operation) : undefined;
    if (locked) throw locked;
    const batch = new Batch(accountIds);
    await this.audit.change(caller, async (tx, record) => {
      const existing = await this.membershipsOf(tx, caller.accountRowId, batch.accountIds);
      for (const accountId of batch.accountIds) {
        const membership = existing.get(accountId);
        if (!membership) {
          batch.fail(accountId, "The account is not a member of this administrator.");
          continue;
        }
        const from = membership.relationshipStatus;
        if (!is(from, spec.allowedFrom)) {
          batch.fail(accountId, `${spec.operation} does not apply to a member whose relationship status is ${from}.`);
          continue;
        }
        await withdrawPendingInvitations(tx, membership.id);
        if (spec.to === "DELETED") await tx.membership.delete({ where: { id: membership.id } });
        else await tx.membership.update({ where: { id: membership.id }, data: { relationshipStatus: spec.to } });
        record({
          accountId: caller.accountRowId,
          relatedAccountId: membership.memberId,
          operation: spec.operation,
          targetType: "Member",
          targetId: accountId,
          before: { relationshipStatus: from },
          after: spec.to === "DELETED" ? null : { relationshipStatus: spec.to },
          securityRelevant: is(from, spec.securityRelevantFrom ?? []),
        });
      }
    });
    return batch.result();
  }

  disassociateMembers(actor: Actor | null, detectorId: string, accountIds: string[]): Promise<BatchResult> {
    return this.transition(actor, detectorId, accountIds, {
      operation: "disassociateMembers",
      lockedUnderAll: true,
      allowedFrom: ["INVITED", "ENABLED", "DISABLED"],
      to: "REMOVED",
      securityRelevantFrom: ["ENABLED"],
    });
  }

  deleteMembers(actor: Actor | null, detectorId: string, accountIds: string[]): Promise<BatchResult> {
    return this.transition(actor, detectorId, accountIds, {
      operation: "deleteMembers",
      lockedUnderAll: true,
      allowedFrom: ["CREATED", "INVITED", "ENABLED", "DISABLED", "REMOVED", "RESIGNED"],
      to: "DELETED",
      securityRelevantFrom: ["ENABLED"],
    });
  }

  startMonitoringMembers(actor: Actor | null, detectorId: string, accountIds: string[]): Promise<BatchResult> {
    return this.transition(actor, detectorId, accountIds, { operation: "startMonitoringMembers", allowedFrom: ["DISABLED", "ENABLED"], to: "ENABLED" });
  }

  stopMonitoringMembers(actor: Actor | null, detectorId: string, accountIds: string[]): Promise<BatchResult> {
    return this.transition(actor, detectorId, accountIds, {
      operation: "stopMonitoringMembers",
      lockedUnderAll: true,
      allowedFrom: ["ENABLED", "DISABLED"],
      to: "DISABLED",
      securityRelevantFrom: ["ENABLED"],
    });
  }

  async getMemberDetectors(actor: Actor | null, detectorId: string, accountIds: string[]): Promise<{ detectors: MemberDetector[] } & BatchResult> {
    const caller = await this.administrator(actor, detectorId);
    const batch = new Batch(accountIds);
    const existing = await this.membershipsOf(this.db, caller.accountRowId, batch.accountIds);
    const detectors: MemberDetector[] = [];
    for (const accountId of batch.accountIds) {
      const detector = associatedDetector(existing.get(accountId));
      if (typeof detector === "string") batch.fail(accountId, detector);
      else detectors.push({ accountId, detector });
    }
    return { detectors, ...batch.result() };
  }

  async updateMemberDetectors(actor: Actor | null, detectorId: string, accountIds: string[], dataSources: DataSourceSetting[]): Promise<BatchResult> {
    const caller = await this.administrator(actor, detectorId);
    const batch = new Batch(accountIds);
    await this.audit.change(caller, async (tx, record) => {
      const existing = await this.membershipsOf(tx, caller.accountRowId, batch.accountIds);
      for (const accountId of batch.accountIds) {
        const detector = associatedDetector(existing.get(accountId));
        if (typeof detector === "string") {
          batch.fail(accountId, detector);
          continue;
        }
        const membership = existing.get(accountId)!;
        const updated = await tx.detector.update({ where: { id: detector.id }, data: dataSourceColumns(dataSources) });
        record({
          accountId: membership.memberId,
          relatedAccountId: caller.accountRowId,
          operation: "updateMemberDetectors",
          targetType: "Detector",
          targetId: detector.id,
          before: detectorSnapshot(detector),
          after: detectorSnapshot(updated),
          securityRelevant: dataSources.some((d) => !d.enabled),
        });
      }
    });
    return batch.result();
  }
}
