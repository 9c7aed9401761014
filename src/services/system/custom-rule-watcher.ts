import { addRuleCosts, type RuleCostDelta } from "../../db/custom-rules/rule-costs.js";
import type { Database } from "../../db/prisma.js";
import type { FaultReason, RuleWatch } from "../../detection/custom/stored/guard.js";
import type { Logger } from "../../logger.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";

/**
 * What the guards of a worker's stored rules report: costs, kept in memory and added to PostgreSQL
 * every flush (one statement for all rules, never one per event or object), and faults, stored at
 * once and announced so every worker drops the rule for that detector.
 *
 * A system service (see ./README.md): it acts for no caller, so it takes no Actor.
 */
export class CustomRuleWatcher {
  private costs = new Map<string, RuleCostDelta>();

  constructor(
    private readonly db: Database,
    private readonly pubSub: VigilPubSub,
    private readonly logger: Logger,
  ) {}

  watchFor = (customRuleId: string, version: number, detectorId: string): RuleWatch => {
    const key = `${customRuleId}|${detectorId}`;
    return {
      spent: (events, nanoseconds) => {
        const cost = this.costs.get(key);
        if (cost) {
          cost.events += events;
          cost.nanoseconds += nanoseconds;
        } else this.costs.set(key, { customRuleId, detectorId, events, nanoseconds });
      },
      fault: (reason, message) => void this.fault(customRuleId, version, detectorId, reason, message),
    };
  };

  async flush(): Promise<void> {
    const deltas = [...this.costs.values()];
    this.costs = new Map();
    try {
      await addRuleCosts(this.db, deltas);
    } catch (error) {
      this.logger.warn({ err: error }, "could not store custom rule costs");
    }
  }

  private async fault(customRuleId: string, version: number, detectorId: string, reason: FaultReason, message: string): Promise<void> {
    this.logger.warn({ customRuleId, version, detectorId, reason, message }, "custom rule switched off for a detector");
    try {
      // Only the version that faulted: an update made meanwhile has a fresh start.
      const current = await this.db.customRule.findFirst({ where: { id: customRuleId, version }, select: { id: true } });
      if (!current) return;
      await this.db.customRuleFault.upsert({
        where: { customRuleId_detectorId: { customRuleId, detectorId } },
        create: { customRuleId, detectorId, version, reason, message },
        update: { version, reason, message, at: new Date() },
      });
      this.pubSub.publish("CUSTOM_RULES_CHANGED", { customRuleId, detectorId });
    } catch (error) {
      this.logger.error({ err: error, customRuleId, detectorId }, "could not store a custom rule's fault");
    }
  }
}
