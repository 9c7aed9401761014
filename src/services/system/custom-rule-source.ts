import type { Database } from "../../db/prisma.js";
import type { StoredRuleDefinition } from "../../detection/custom/stored/rule-sets.js";
import { ASSOCIATED } from "../policies/relationships.js";

/**
 * What a worker's custom rules are built from: every enabled stored rule, under its own detector and,
 * with scope MEMBERS, under the detectors of its administrator's associated members; minus the
 * detectors for which a worker switched the rule's current version off.
 *
 * A system service (see ./README.md): it acts for no caller, so it takes no Actor.
 */
export class CustomRuleSource {
  constructor(private readonly db: Database) {}

  /** Changes whenever anything that load() reads changes; cheap enough to poll. */
  async fingerprint(): Promise<string> {
    const [rules, faults, memberships] = await Promise.all([
      this.db.customRule.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
      this.db.customRuleFault.aggregate({ _count: { _all: true }, _max: { at: true } }),
      this.db.membership.aggregate({ where: { relationshipStatus: { in: [...ASSOCIATED] } }, _count: { _all: true }, _max: { updatedAt: true } }),
    ]);
    return [`${rules._count._all}@${rules._max.updatedAt?.getTime() ?? 0}`, `${faults._count._all}@${faults._max.at?.getTime() ?? 0}`, `${memberships._count._all}@${memberships._max.updatedAt?.getTime() ?? 0}`].join("|");
  }

  async load(): Promise<Map<string, StoredRuleDefinition[]>> {
    const rules = await this.db.customRule.findMany({
      where: { enabled: true },
      select: { id: true, version: true, source: true, findingType: true, severity: true, scope: true, detectorId: true, detector: { select: { accountId: true } }, faults: { select: { detectorId: true, version: true } } },
      orderBy: { createdAt: "asc" },
    });
    const administrators = [...new Set(rules.filter((rule) => rule.scope === "MEMBERS").map((rule) => rule.detector.accountId))];
    const memberships = administrators.length
      ? await this.db.membership.findMany({
          where: { administratorId: { in: administrators }, relationshipStatus: { in: [...ASSOCIATED] } },
          select: { administratorId: true, member: { select: { detector: { select: { id: true } } } } },
        })
      : [];
    const membersOf = new Map<string, string[]>();
    for (const membership of memberships) {
      const detectorId = membership.member.detector?.id;
      if (detectorId) membersOf.set(membership.administratorId, [...(membersOf.get(membership.administratorId) ?? []), detectorId]);
    }
    const byDetector = new Map<string, StoredRuleDefinition[]>();
    for (const rule of rules) {
      const faulted = new Set(rule.faults.filter((fault) => fault.version === rule.version).map((fault) => fault.detectorId));
      const detectors = [rule.detectorId, ...(rule.scope === "MEMBERS" ? (membersOf.get(rule.detector.accountId) ?? []) : [])];
      const definition = { id: rule.id, version: rule.version, source: rule.source, findingType: rule.findingType, severity: rule.severity };
      for (const detectorId of detectors) {
        if (faulted.has(detectorId)) continue;
        byDetector.set(detectorId, [...(byDetector.get(detectorId) ?? []), definition]);
      }
    }
    return byDetector;
  }

  /** What each rule cost the workers per detector, for /metrics. */
  async costs(): Promise<Array<{ customRuleId: string; sigmaId: string; detectorId: string; events: bigint; nanoseconds: bigint }>> {
    const rows = await this.db.customRuleCost.findMany({ include: { customRule: { select: { sigmaId: true } } } });
    return rows.map((row) => ({ customRuleId: row.customRuleId, sigmaId: row.customRule.sigmaId, detectorId: row.detectorId, events: row.events, nanoseconds: row.nanoseconds }));
  }
}
