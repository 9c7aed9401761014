import { lockDetector } from "../../db/detectors/detector-lock.js";
import { isUniqueViolation } from "../../db/errors.js";
import { governingDetectors } from "../../db/filters/governing-detectors.js";
import type { Database } from "../../db/prisma.js";
import { compileCriteria, type FindingCriteria } from "../findings/criteria/criteria.js";
import type { Finding } from "../../detection/findings/types.js";
import { compileSuppressionRule, suppressedFindingIds, type SuppressionRule } from "../findings/criteria/suppression.js";
import { type Filter, type FilterAction, Prisma } from "../../generated/prisma/client.js";
import type { AccountActor, Actor } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { type Tag, validateTags } from "../detectors/tags.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { type Page, type PageRequest, pageSize } from "../pagination.js";
import { authorizeDetector } from "../policies/detector.js";
import { isSuppressionRule, MAX_RANK, validateDescription, validateFilterName, validateRank } from "./filter-rules.js";

export type CreateFilterCommand = {
  name: string;
  description?: string | null;
  action?: FilterAction | null;
  rank?: number | null;
  findingCriteria: FindingCriteria;
  tags?: Tag[] | null;
};

export type UpdateFilterCommand = {
  description?: string | null;
  action?: FilterAction | null;
  rank?: number | null;
  findingCriteria?: FindingCriteria | null;
};

export type FilterView = Omit<Filter, "findingCriteria" | "tags"> & { findingCriteria: FindingCriteria; tags: Record<string, string> };

function view(filter: Filter): FilterView {
  return { ...filter, findingCriteria: filter.findingCriteria as FindingCriteria, tags: filter.tags as Record<string, string> };
}

function snapshot(filter: Filter) {
  return { name: filter.name, description: filter.description, action: filter.action, rank: filter.rank, findingCriteria: filter.findingCriteria as Prisma.InputJsonValue, version: filter.version };
}

/** Criteria are stored exactly as validated, in GuardDuty's `{ criterion: { path: condition } }` shape. */
function storedCriteria(criteria: FindingCriteria): Prisma.InputJsonValue {
  compileCriteria(criteria);
  const criterion = Object.fromEntries(
    Object.entries(criteria.criterion).map(([path, condition]) => [path, Object.fromEntries(Object.entries(condition).filter(([, value]) => value !== null && value !== undefined))]),
  );
  return { criterion } as Prisma.InputJsonValue;
}

function encodeCursor(filter: Filter): string {
  return Buffer.from(JSON.stringify([filter.rank, filter.name])).toString("base64url");
}

function decodeCursor(cursor: string): { rank: number; name: string } {
  try {
    const [rank, name] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [number, string];
    if (!Number.isInteger(rank) || typeof name !== "string") throw new Error("bad cursor");
    return { rank, name };
  } catch {
    throw new InvalidInputError("after is not a cursor returned by listFilters.");
  }
}

/**
 * Saved filters and suppression rules (GuardDuty's filters). A standalone account or an administrator
 * manages the filters of its own detector; an administrator's apply to its members' findings, and a
 * member, whose administrator manages them, cannot change filters.
 */
export class FilterService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly maxFiltersPerDetector: number,
  ) {}

  private async managedBy(actor: Actor | null, detectorId: string): Promise<AccountActor> {
    const { caller } = await authorizeDetector(this.db, actor, "manageFilters", detectorId);
    return caller;
  }

  private async find(detectorId: string, filterName: string): Promise<Filter> {
    const filter = await this.db.filter.findUnique({ where: { detectorId_name: { detectorId, name: filterName } } });
    if (!filter) throw new NotFoundError(`Filter ${filterName} not found.`);
    return filter;
  }

  async create(actor: Actor | null, detectorId: string, command: CreateFilterCommand): Promise<FilterView> {
    const caller = await this.managedBy(actor, detectorId);
    const name = validateFilterName(command.name);
    const description = validateDescription(command.description);
    const requestedRank = validateRank(command.rank);
    const findingCriteria = storedCriteria(command.findingCriteria);
    const tags = validateTags(command.tags);
    const action = command.action ?? "NOOP";
    try {
      return await this.audit.change(caller, async (tx, record) => {
        await lockDetector(tx, detectorId);
        const existing = await tx.filter.count({ where: { detectorId } });
        if (existing >= this.maxFiltersPerDetector) throw new ConflictError(`A detector has at most ${this.maxFiltersPerDetector} filters.`);
        const filter = await tx.filter.create({
          data: { detectorId, name, description, action, rank: requestedRank ?? Math.min(existing + 1, MAX_RANK), findingCriteria, tags },
        });
        record({ accountId: caller.accountRowId, operation: "createFilter", targetType: "Filter", targetId: filter.id, after: snapshot(filter), securityRelevant: isSuppressionRule(action) });
        return view(filter);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A filter named ${name} already exists.`);
      throw error;
    }
  }

  async update(actor: Actor | null, detectorId: string, filterName: string, command: UpdateFilterCommand): Promise<FilterView> {
    const caller = await this.managedBy(actor, detectorId);
    const before = await this.find(detectorId, filterName);
    const description = validateDescription(command.description);
    const rank = validateRank(command.rank);
    const findingCriteria = command.findingCriteria ? storedCriteria(command.findingCriteria) : undefined;
    return this.audit.change(caller, async (tx, record) => {
      const after = await tx.filter.update({
        where: { id: before.id },
        data: { description: description ?? undefined, action: command.action ?? undefined, rank, findingCriteria, version: { increment: 1 } },
      });
      record({
        accountId: caller.accountRowId,
        operation: "updateFilter",
        targetType: "Filter",
        targetId: after.id,
        before: snapshot(before),
        after: snapshot(after),
        securityRelevant: isSuppressionRule(after.action),
      });
      return view(after);
    });
  }

  async delete(actor: Actor | null, detectorId: string, filterName: string): Promise<void> {
    const caller = await this.managedBy(actor, detectorId);
    const filter = await this.find(detectorId, filterName);
    await this.audit.change(caller, async (tx, record) => {
      await tx.filter.delete({ where: { id: filter.id } });
      record({ accountId: caller.accountRowId, operation: "deleteFilter", targetType: "Filter", targetId: filter.id, before: snapshot(filter) });
    });
  }

  async get(actor: Actor | null, detectorId: string, filterName: string): Promise<FilterView> {
    await authorizeDetector(this.db, actor, "use", detectorId);
    return view(await this.find(detectorId, filterName));
  }

  /** In the order they apply: by rank, then name. */
  async list(actor: Actor | null, detectorId: string, request: PageRequest): Promise<Page<FilterView>> {
    await authorizeDetector(this.db, actor, "use", detectorId);
    const size = pageSize(request.first);
    const after = request.after ? decodeCursor(request.after) : undefined;
    const rows = await this.db.filter.findMany({
      where: { detectorId, ...(after ? { OR: [{ rank: { gt: after.rank } }, { rank: after.rank, name: { gt: after.name } }] } : {}) },
      orderBy: [{ rank: "asc" }, { name: "asc" }],
      take: size + 1,
    });
    const items = rows.slice(0, size);
    return { items: items.map(view), nextCursor: rows.length > size ? encodeCursor(items[items.length - 1]) : null };
  }

  /**
   * System read for the ingestion pipeline, once per batch: the suppression rules that govern each
   * detector's new findings — its administrator's for an associated member, else its own — in rank
   * order. Feed the result to `suppressedFindingIds` (src/services/findings/criteria/suppression.ts).
   */
  async suppressionRulesFor(detectorIds: readonly string[]): Promise<Map<string, SuppressionRule[]>> {
    const governing = await governingDetectors(this.db, detectorIds);
    const filters = await this.db.filter.findMany({
      where: { detectorId: { in: [...new Set(governing.map((g) => g.governingId))] }, action: "ARCHIVE" },
      orderBy: [{ rank: "asc" }, { name: "asc" }],
    });
    const rulesOf = new Map<string, SuppressionRule[]>();
    for (const filter of filters) {
      const rule = compileStoredRule(filter);
      if (rule) rulesOf.set(filter.detectorId, [...(rulesOf.get(filter.detectorId) ?? []), rule]);
    }
    return new Map(governing.map((g) => [g.detectorId, rulesOf.get(g.governingId) ?? []]));
  }

  /** The ingestion pipeline's SuppressionRules seam: which of a batch's new findings the rules archive. */
  async suppressedIds(detectorId: string, findings: readonly Finding[]): Promise<ReadonlySet<string>> {
    if (findings.length === 0) return new Set();
    return suppressedFindingIds(findings, await this.suppressionRulesFor([detectorId]));
  }
}

/**
 * Criteria were validated when saved; one that no longer compiles (an attribute dropped by an
 * upgrade) must not stop ingestion, so it suppresses nothing.
 */
function compileStoredRule(filter: Filter): SuppressionRule | undefined {
  try {
    return compileSuppressionRule({ name: filter.name, rank: filter.rank, findingCriteria: filter.findingCriteria as FindingCriteria });
  } catch {
    return undefined;
  }
}
