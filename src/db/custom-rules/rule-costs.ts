import { Prisma } from "../../generated/prisma/client.js";
import type { Database } from "../prisma.js";

export type RuleCostDelta = { customRuleId: string; detectorId: string; events: number; nanoseconds: number };

/** Adds every delta in one statement; a rule deleted meanwhile is skipped (its costs went with it). */
export async function addRuleCosts(db: Database, deltas: readonly RuleCostDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const rows = deltas.map((d) => Prisma.sql`(${d.customRuleId}::uuid, ${d.detectorId}, ${d.events}::bigint, ${d.nanoseconds}::bigint)`);
  await db.$executeRaw`
    INSERT INTO custom_rule_costs ("customRuleId", "detectorId", events, nanoseconds)
    SELECT v.* FROM (VALUES ${Prisma.join(rows)}) AS v(rule, detector, events, nanoseconds)
    WHERE EXISTS (SELECT 1 FROM custom_rules r WHERE r.id = v.rule)
    ON CONFLICT ("customRuleId", "detectorId") DO UPDATE
      SET events = custom_rule_costs.events + EXCLUDED.events, nanoseconds = custom_rule_costs.nanoseconds + EXCLUDED.nanoseconds`;
}
