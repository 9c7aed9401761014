import { lockDetector } from "../../db/detectors/detector-lock.js";
import { isUniqueViolation } from "../../db/errors.js";
import type { Database } from "../../db/prisma.js";
import type { CustomRule, CustomRuleScope, Prisma } from "../../generated/prisma/client.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import type { Actor } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { authorizeDetector } from "../policies/detector.js";
import { compileForStorage, MAX_RULES_PER_DETECTOR, presentRule, type StoredCustomRule } from "./stored-rule.js";

export type CreateCustomRuleCommand = {
  rule: string;
  findingType?: string | null;
  severity?: number | null;
  enabled?: boolean | null;
  scope?: CustomRuleScope | null;
};

export type UpdateCustomRuleCommand = Partial<CreateCustomRuleCommand> & {
  /** The version the caller read: the update is refused when someone changed the rule since. */
  expectedVersion: number;
};

function snapshot(rule: CustomRule): Prisma.InputJsonValue {
  const { sigmaId, title, author, findingType, severity, scope, enabled, version } = rule;
  return { sigmaId, title, author, findingType, severity, scope, enabled, version };
}

const WITH_FAULTS = { faults: true } as const;

/**
 * Stored custom rules (issue 20): Sigma rules a detector runs in the live pipeline. Any account manages
 * its own detector's rules; an administrator may give one scope MEMBERS to run it for its associated
 * members too. Every change is audited and announced (CUSTOM_RULES_CHANGED), so workers reload in seconds.
 */
export class StoredCustomRules {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly pubSub: VigilPubSub,
  ) {}

  private async authorizeChange(actor: Actor | null, detectorId: string, scope: CustomRuleScope | null | undefined) {
    const { caller } = await authorizeDetector(this.db, actor, scope === "MEMBERS" ? "applyRulesToMembers" : "use", detectorId);
    return caller;
  }

  private async find(detectorId: string, customRuleId: string) {
    const rule = /^[0-9a-f-]{36}$/i.test(customRuleId) ? await this.db.customRule.findFirst({ where: { id: customRuleId, detectorId }, include: WITH_FAULTS }) : null;
    if (!rule) throw new NotFoundError(`Custom rule ${customRuleId} not found.`);
    return rule;
  }

  private changed(rule: CustomRule): void {
    this.pubSub.publish("CUSTOM_RULES_CHANGED", { customRuleId: rule.id, detectorId: rule.detectorId });
  }

  async create(actor: Actor | null, detectorId: string, command: CreateCustomRuleCommand): Promise<StoredCustomRule> {
    const caller = await this.authorizeChange(actor, detectorId, command.scope);
    const compiled = compileForStorage(command.rule, command);
    try {
      const created = await this.audit.change(caller, async (tx, record) => {
        await lockDetector(tx, detectorId);
        if ((await tx.customRule.count({ where: { detectorId } })) >= MAX_RULES_PER_DETECTOR) throw new ConflictError(`A detector has at most ${MAX_RULES_PER_DETECTOR} custom rules.`);
        const rule = await tx.customRule.create({
          data: {
            detectorId,
            source: command.rule,
            sigmaId: compiled.info.id,
            title: compiled.info.title,
            author: compiled.info.author,
            findingType: compiled.findingType.type,
            severity: compiled.findingType.severity,
            scope: command.scope ?? "DETECTOR",
            enabled: command.enabled ?? true,
          },
          include: WITH_FAULTS,
        });
        record({ accountId: caller.accountRowId, operation: "createCustomRule", targetType: "CustomRule", targetId: rule.id, after: snapshot(rule), securityRelevant: true });
        return rule;
      });
      this.changed(created);
      return presentRule(created);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`The detector already has a custom rule with Sigma id ${compiled.info.id}.`);
      throw error;
    }
  }

  /** A new version: the faults of the old one are forgotten, so a fixed rule runs again everywhere. */
  async update(actor: Actor | null, detectorId: string, customRuleId: string, command: UpdateCustomRuleCommand): Promise<StoredCustomRule> {
    // Authorized before the rule is looked up: another account's detector says nothing about its rules.
    let caller = await this.authorizeChange(actor, detectorId, command.scope);
    const before = await this.find(detectorId, customRuleId);
    if (command.scope === undefined || command.scope === null) caller = await this.authorizeChange(actor, detectorId, before.scope);
    const source = command.rule ?? before.source;
    const compiled = compileForStorage(source, {
      findingType: command.findingType === undefined ? (command.rule === undefined ? before.findingType : undefined) : command.findingType,
      severity: command.severity === undefined ? (command.rule === undefined ? before.severity : undefined) : command.severity,
    });
    try {
      const after = await this.audit.change(caller, async (tx, record) => {
        const { count } = await tx.customRule.updateMany({
          where: { id: before.id, version: command.expectedVersion },
          data: {
            source,
            sigmaId: compiled.info.id,
            title: compiled.info.title,
            author: compiled.info.author,
            findingType: compiled.findingType.type,
            severity: compiled.findingType.severity,
            scope: command.scope ?? undefined,
            enabled: command.enabled ?? undefined,
            version: { increment: 1 },
          },
        });
        if (count === 0) {
          const current = await tx.customRule.findUnique({ where: { id: before.id }, select: { version: true } });
          throw new ConflictError(`Custom rule ${customRuleId} is at version ${current?.version ?? "?"}, not ${command.expectedVersion}: read it again before updating.`);
        }
        await tx.customRuleFault.deleteMany({ where: { customRuleId: before.id } });
        const rule = await tx.customRule.findUniqueOrThrow({ where: { id: before.id }, include: WITH_FAULTS });
        record({ accountId: caller.accountRowId, operation: "updateCustomRule", targetType: "CustomRule", targetId: rule.id, before: snapshot(before), after: snapshot(rule), securityRelevant: true });
        return rule;
      });
      this.changed(after);
      return presentRule(after);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`The detector already has a custom rule with Sigma id ${compiled.info.id}.`);
      throw error;
    }
  }

  async delete(actor: Actor | null, detectorId: string, customRuleId: string): Promise<void> {
    const caller = await this.authorizeChange(actor, detectorId, "DETECTOR");
    const rule = await this.find(detectorId, customRuleId);
    await this.audit.change(caller, async (tx, record) => {
      await tx.customRule.delete({ where: { id: rule.id } });
      record({ accountId: caller.accountRowId, operation: "deleteCustomRule", targetType: "CustomRule", targetId: rule.id, before: snapshot(rule), securityRelevant: true });
    });
    this.changed(rule);
  }

  async get(actor: Actor | null, detectorId: string, customRuleId: string): Promise<StoredCustomRule> {
    await authorizeDetector(this.db, actor, "use", detectorId);
    return presentRule(await this.find(detectorId, customRuleId));
  }

  /** At most MAX_RULES_PER_DETECTOR, so one page; oldest first. */
  async list(actor: Actor | null, detectorId: string): Promise<StoredCustomRule[]> {
    await authorizeDetector(this.db, actor, "use", detectorId);
    const rules = await this.db.customRule.findMany({ where: { detectorId }, include: WITH_FAULTS, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return rules.map(presentRule);
  }
}
