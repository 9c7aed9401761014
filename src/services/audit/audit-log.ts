import type { Database } from "../../db/prisma.js";
import { inTransaction, type Transaction } from "../../db/transaction.js";
import type { AuditEvent, Prisma } from "../../generated/prisma/client.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import { type Actor, requireAccount } from "../actor.js";
import { keysetQuery, type Page, type PageRequest, pageSize, toPage } from "../pagination.js";
import { ASSOCIATED } from "../policies/relationships.js";

export type AuditEntry = {
  /** Row id of the account whose configuration changed. */
  accountId: string;
  relatedAccountId?: string | null;
  operation: string;
  targetType: string;
  targetId: string;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  securityRelevant?: boolean;
};

export type Record = (entry: AuditEntry) => void;

/** What looks at the security-relevant entries of each committed change (self-protection). */
export interface SecurityChangeReviewer {
  review(actor: AuditActor, entries: readonly AuditEntry[]): Promise<void>;
}

export type SecurityReview = {
  reviewer: SecurityChangeReviewer;
  /** Where a failed review goes: the change itself is committed and stays. */
  report: (error: unknown, what: string) => void;
};

/** An audit event with 12-digit account ids in place of internal row ids. */
export type AuditEventView = AuditEvent;

/** Vigil itself, for changes no caller makes (an organisation's auto-enable): audited as SYSTEM. */
export const SYSTEM_ACTOR = { kind: "system" } as const;

export type AuditActor = Actor | typeof SYSTEM_ACTOR;

function actorColumns(actor: AuditActor) {
  if (actor.kind === "account") return { actorKind: "ACCOUNT" as const, actorAccountId: actor.accountRowId, apiKeyId: actor.apiKeyId };
  return { actorKind: actor.kind === "system" ? ("SYSTEM" as const) : ("OPERATOR" as const), actorAccountId: null, apiKeyId: null };
}

/**
 * Every configuration change goes through `change`: the change and its audit events commit in one
 * transaction, so there is never a change without its record. Security-relevant events are then
 * published for detections to act on.
 */
export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly pubSub: VigilPubSub,
    private readonly securityReview?: SecurityReview,
  ) {}

  async change<T>(actor: AuditActor, work: (tx: Transaction, record: Record) => Promise<T>): Promise<T> {
    const entries: AuditEntry[] = [];
    const result = await inTransaction(this.db, async (tx) => {
      const value = await work(tx, (entry) => entries.push(entry));
      if (entries.length > 0) {
        const administratorOf = await this.administratorsOf(tx, entries);
        for (const entry of entries) entry.relatedAccountId = entry.relatedAccountId ?? administratorOf.get(entry.accountId) ?? null;
        await tx.auditEvent.createMany({
          data: entries.map((e) => ({
            ...actorColumns(actor),
            accountId: e.accountId,
            relatedAccountId: e.relatedAccountId,
            operation: e.operation,
            targetType: e.targetType,
            targetId: e.targetId,
            before: e.before ?? undefined,
            after: e.after ?? undefined,
            securityRelevant: e.securityRelevant ?? false,
          })),
        });
      }
      return value;
    });
    this.publishSecurityRelevant(actor, entries);
    await this.review(actor, entries);
    return result;
  }

  /** Awaited, so that a self-protection finding is stored (and pushed) by the time the change is answered. */
  private async review(actor: AuditActor, entries: AuditEntry[]): Promise<void> {
    const relevant = entries.filter((e) => e.securityRelevant);
    if (!this.securityReview || relevant.length === 0) return;
    try {
      await this.securityReview.reviewer.review(actor, relevant);
    } catch (error) {
      this.securityReview.report(error, "reviewing a security-relevant change");
    }
  }

  /**
   * A member's own changes name its administrator of the moment as the related account, so the
   * administrator keeps seeing what a member did while it was a member — even after it leaves.
   */
  private async administratorsOf(tx: Transaction, entries: AuditEntry[]): Promise<Map<string, string>> {
    const accountIds = [...new Set(entries.filter((e) => !e.relatedAccountId).map((e) => e.accountId))];
    if (accountIds.length === 0) return new Map();
    const memberships = await tx.membership.findMany({
      where: { memberId: { in: accountIds }, relationshipStatus: { in: [...ASSOCIATED] } },
      select: { memberId: true, administratorId: true },
    });
    return new Map(memberships.map((m) => [m.memberId, m.administratorId]));
  }

  /** The caller's own events and those where it is the other party (its members' changes, relationship changes). */
  async list(actor: Actor | null, request: PageRequest): Promise<Page<AuditEventView>> {
    const caller = requireAccount(actor);
    const size = pageSize(request.first);
    const visible: Prisma.AuditEventWhereInput = {
      OR: [{ accountId: caller.accountRowId }, { relatedAccountId: caller.accountRowId }],
    };
    const keyset = keysetQuery("createdAt", request.after);
    const rows = await this.db.auditEvent.findMany({ where: { AND: [visible, keyset.where] }, orderBy: keyset.orderBy, take: size + 1 });
    const page = toPage(rows, size, (row) => ({ at: row.createdAt, id: row.id }));
    return { items: await this.withAccountIds(page.items), nextCursor: page.nextCursor };
  }

  /** Swaps internal account row ids for the 12-digit account ids clients know. */
  private async withAccountIds(rows: AuditEvent[]): Promise<AuditEventView[]> {
    const rowIds = new Set(rows.flatMap((r) => [r.accountId, r.relatedAccountId, r.actorAccountId]).filter((id): id is string => id !== null));
    const accounts = await this.db.account.findMany({ where: { id: { in: [...rowIds] } }, select: { id: true, accountId: true } });
    const accountIdOf = new Map(accounts.map((a) => [a.id, a.accountId]));
    const lookup = (id: string | null) => (id === null ? null : (accountIdOf.get(id) ?? null));
    return rows.map((row) => ({
      ...row,
      accountId: lookup(row.accountId) ?? row.accountId,
      relatedAccountId: lookup(row.relatedAccountId),
      actorAccountId: lookup(row.actorAccountId),
    }));
  }

  private publishSecurityRelevant(actor: AuditActor, entries: AuditEntry[]): void {
    const occurredAt = new Date().toISOString();
    for (const entry of entries.filter((e) => e.securityRelevant)) {
      this.pubSub.publish("SECURITY_CONFIGURATION_CHANGED", {
        accountId: entry.accountId,
        operation: entry.operation,
        targetType: entry.targetType,
        targetId: entry.targetId,
        actorAccountId: actor.kind === "account" ? actor.accountRowId : null,
        occurredAt,
      });
    }
  }
}
