import { impairmentCandidate, type Impairment } from "../../../detection/self-protection/impairment.js";
import { formatDuration, silenceOf } from "../../../detection/self-protection/silence.js";
import { trustedReach } from "../../../detection/self-protection/trusted-reach.js";
import { LOG_SOURCE_FAILING, LOG_SOURCE_SILENT, SUPPRESSION_ARCHIVES_HIGH, TRUSTED_LIST_BROADENED } from "../../../detection/self-protection/types.js";
import { buildFinding } from "../../../detection/findings/build-finding.js";
import type { GeoLookup } from "../../../detection/geo/geo-lookup.js";
import type { ListEntry } from "../../../detection/intel/formats/types.js";
import {
  accountIdsOf,
  detectorOwner,
  detectorsOfAccounts,
  recentFindingAddresses,
  storedHighFindings,
  type WatchedSource,
  watchedSourcesPage,
  writeSelfProtectionFindings,
} from "../../../db/self-protection/self-protection-repository.js";
import type { Database } from "../../../db/prisma.js";
import type { VigilPubSub } from "../../../realtime/pubsub.js";
import { ASSOCIATED } from "../../policies/relationships.js";
import type { AuditActor, AuditEntry, SecurityChangeReviewer } from "../../audit/audit-log.js";
import type { FindingCriteria } from "../../findings/criteria/criteria.js";
import { auditImpairments, type Notice, type ReviewedEntry } from "./audit-impairments.js";
import { highFindingTypesArchivedBy } from "./suppression-reach.js";

export type SelfProtectionSettings = {
  /** A source with a rhythm is silent after this many of its usual intervals without an object (VIGIL_SILENCE_MULTIPLE). */
  silenceMultiple: number;
};

export const DEFAULT_SELF_PROTECTION: SelfProtectionSettings = { silenceMultiple: 10 };

/** A source is failing once its errors have lasted this many poll intervals. */
const FAILING_POLL_INTERVALS = 10;

/** Findings of how current a trusted list's reach is judged against. */
const CURRENT_FINDINGS_DAYS = 30;
const WATCH_PAGE = 500;
const EXAMPLES = 3;

// Self-protection findings name no remote address: nothing to look up.
const NO_GEO: GeoLookup = { lookup: () => undefined };

function actorWords(actor: AuditActor, accountIds: ReadonlyMap<string, string>): string {
  if (actor.kind === "system") return "Vigil itself (organisation auto-enable)";
  return actor.kind === "operator" ? "the operator" : `account ${accountIds.get(actor.accountRowId) ?? actor.accountId}`;
}

/**
 * Vigil guarding itself: changes to its configuration that blind detection, and sources that stop
 * delivering, raise findings in the detectors of the account concerned and of its administrator,
 * stored and pushed live like any other (never suppressed). Sources of the decisions: the audit log's
 * security-relevant events (`review`), a trusted list once its content is in force
 * (`reviewTrustedList`), and a periodic look at the log sources (`watchSources`).
 *
 * A system service (see ../README.md): it decides for no caller; the changes it reviews were authorized.
 */
export class SelfProtection implements SecurityChangeReviewer {
  constructor(
    private readonly db: Database,
    private readonly pubSub: VigilPubSub,
    private readonly settings: SelfProtectionSettings = DEFAULT_SELF_PROTECTION,
  ) {}

  /** The audit log's security-relevant entries of one committed change. */
  async review(actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rowIds = [...new Set(entries.flatMap((e) => [e.accountId, ...(e.relatedAccountId ? [e.relatedAccountId] : [])]).concat(actor.kind === "account" ? [actor.accountRowId] : []))];
    const accountIds = await accountIdsOf(this.db, rowIds);
    const who = actorWords(actor, accountIds);
    const now = Date.now();
    const notices: Notice[] = [];
    for (const entry of entries) {
      const reviewed: ReviewedEntry = {
        accountRowId: entry.accountId,
        accountId: accountIds.get(entry.accountId) ?? entry.accountId,
        relatedAccountRowId: entry.relatedAccountId ?? null,
        operation: entry.operation,
        targetType: entry.targetType,
        targetId: entry.targetId,
        before: entry.before,
        after: entry.after,
      };
      notices.push(...auditImpairments(reviewed, who, now));
      if (entry.operation === "createFilter" || entry.operation === "updateFilter") notices.push(...(await this.suppressionNotices(reviewed, who, now)));
    }
    await this.raise(notices, { onlyNew: false });
  }

  /** A trusted list whose content just came into force: does it now trust public space that matters? */
  async reviewTrustedList(list: { id: string; name: string; detectorId: string }, entries: readonly ListEntry[]): Promise<void> {
    const owner = await detectorOwner(this.db, list.detectorId);
    if (!owner) return;
    const addresses = await recentFindingAddresses(this.db, list.detectorId, new Date(Date.now() - CURRENT_FINDINGS_DAYS * 86_400_000));
    const reach = trustedReach(entries, addresses);
    if (reach.broadNetworks.length === 0 && reach.coveredFindingAddresses.length === 0) return;
    const { accountId } = owner;
    const effects = [
      ...(reach.broadNetworks.length ? [`networks wider than a /16: ${reach.broadNetworks.slice(0, EXAMPLES).join(", ")}`] : []),
      ...(reach.coveredFindingAddresses.length ? [`addresses of current findings: ${reach.coveredFindingAddresses.slice(0, EXAMPLES).join(", ")}`] : []),
    ];
    const notice: Notice = {
      impairment: {
        meta: TRUSTED_LIST_BROADENED,
        accountId,
        key: `list:${list.id}:${[...reach.broadNetworks, ...reach.coveredFindingAddresses].join(",")}`,
        operation: "activateTrustedList",
        actor: "nobody (Vigil noticed when the list came into force)",
        time: Date.now(),
        details: { list: list.name, effect: effects.join("; ") },
        additionalInfo: { listId: list.id, broadNetworks: reach.broadNetworks, coveredFindingAddresses: reach.coveredFindingAddresses },
      },
      tell: await this.withAdministrator(owner.accountRowId),
    };
    // A list reloaded with the same content (a feed refresh) says nothing new.
    await this.raise([notice], { onlyNew: true });
  }

  /** Sources failing for too long, and sources with a rhythm gone silent: each episode raised once. */
  async watchSources(now = Date.now()): Promise<number> {
    let after: string | null = null;
    let raised = 0;
    for (;;) {
      const page: WatchedSource[] = await watchedSourcesPage(this.db, after, WATCH_PAGE);
      if (page.length === 0) return raised;
      const impairments = page.map((source) => this.sourceImpairment(source, now)).filter((i): i is { impairment: Impairment; accountRowId: string } => i !== null);
      const notices: Notice[] = [];
      for (const { impairment, accountRowId } of impairments) notices.push({ impairment, tell: await this.withAdministrator(accountRowId) });
      raised += await this.raise(notices, { onlyNew: true });
      after = page[page.length - 1].id;
    }
  }

  private sourceImpairment(source: WatchedSource, now: number): { impairment: Impairment; accountRowId: string } | null {
    const base = { accountId: source.accountId, operation: "vigil:watch", actor: "nobody (Vigil noticed)", time: now };
    const pollMs = source.pollIntervalSeconds * 1000;
    if (source.status === "ERROR" && source.failingSince && now - source.failingSince.getTime() > pollMs * FAILING_POLL_INTERVALS) {
      const since = source.failingSince;
      return {
        accountRowId: source.accountRowId,
        impairment: {
          ...base,
          meta: LOG_SOURCE_FAILING,
          key: `source:${source.id}:failing:${since.toISOString()}`,
          details: { source: source.name, since: since.toISOString(), duration: formatDuration(now - since.getTime()), error: source.lastError ?? "no detail" },
          additionalInfo: { logSourceId: source.id, kind: source.kind, failingSince: since.toISOString() },
        },
      };
    }
    if (source.status === "ERROR") return null;
    const silence = silenceOf({ pollIntervalSeconds: source.pollIntervalSeconds, processedAt: source.processedAt.map((at) => new Date(at).getTime()) }, now, this.settings.silenceMultiple);
    if (!silence) return null;
    const since = new Date(silence.lastObjectAt).toISOString();
    return {
      accountRowId: source.accountRowId,
      impairment: {
        ...base,
        meta: LOG_SOURCE_SILENT,
        key: `source:${source.id}:silent:${since}`,
        details: { source: source.name, usual: formatDuration(silence.usualIntervalMs), since, silence: formatDuration(silence.silentForMs) },
        additionalInfo: { logSourceId: source.id, kind: source.kind, usualIntervalSeconds: Math.round(silence.usualIntervalMs / 1000), lastObjectAt: since },
      },
    };
  }

  private async suppressionNotices(entry: ReviewedEntry, actor: string, now: number): Promise<Notice[]> {
    const after = entry.after as { action?: string; name?: string; findingCriteria?: FindingCriteria; version?: number } | null;
    if (!after || after.action !== "ARCHIVE" || !after.findingCriteria) return [];
    const detectorId = (await detectorsOfAccounts(this.db, [entry.accountRowId])).get(entry.accountRowId);
    if (!detectorId) return [];
    const types = highFindingTypesArchivedBy(after.findingCriteria, { detectorId, accountId: entry.accountId }, await storedHighFindings(this.db, detectorId));
    if (types.length === 0) return [];
    const examples = types.slice(0, EXAMPLES).join(", ") + (types.length > EXAMPLES ? ` and ${types.length - EXAMPLES} more types` : "");
    return [
      {
        impairment: {
          meta: SUPPRESSION_ARCHIVES_HIGH,
          accountId: entry.accountId,
          key: `filter:${entry.targetId}:${after.version ?? 0}`,
          operation: entry.operation,
          actor,
          time: now,
          details: { filter: after.name ?? entry.targetId, examples },
          additionalInfo: { operation: entry.operation, filterId: entry.targetId, archivedHighTypes: types },
        },
        tell: [entry.accountRowId, ...(entry.relatedAccountRowId ? [entry.relatedAccountRowId] : [])],
      },
    ];
  }

  /** The account and, when it is an associated member, its administrator. */
  private async withAdministrator(accountRowId: string): Promise<string[]> {
    const membership = await this.db.membership.findFirst({ where: { memberId: accountRowId, relationshipStatus: { in: [...ASSOCIATED] } }, select: { administratorId: true } });
    return membership ? [accountRowId, membership.administratorId] : [accountRowId];
  }

  /** One finding per notice and detector told, written in one batch and announced per detector. */
  private async raise(notices: readonly Notice[], options: { onlyNew: boolean }): Promise<number> {
    if (notices.length === 0) return 0;
    const detectors = await detectorsOfAccounts(this.db, [...new Set(notices.flatMap((n) => n.tell))]);
    const now = Date.now();
    const findings = notices.flatMap(({ impairment, tell }) =>
      [...new Set(tell)].flatMap((rowId) => {
        const detectorId = detectors.get(rowId);
        return detectorId ? [buildFinding(impairmentCandidate(impairment), { detectorId, geo: NO_GEO, now })] : [];
      }),
    );
    const written = await writeSelfProtectionFindings(this.db, findings, options);
    const byDetector = new Map<string, typeof written>();
    for (const row of written) byDetector.set(row.detectorId, [...(byDetector.get(row.detectorId) ?? []), row]);
    for (const [detectorId, rows] of byDetector) {
      this.pubSub.publish("FINDINGS_UPSERTED", { detectorId, findings: rows.map(({ id, accountId, created }) => ({ id, accountId, created })) });
    }
    return written.length;
  }
}
