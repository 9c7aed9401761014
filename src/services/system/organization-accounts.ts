import type { Database } from "../../db/prisma.js";
import type { Detector } from "../../generated/prisma/client.js";
import { ASSOCIATED, currentAdministratorship } from "../policies/relationships.js";

const TTL_MS = 60_000;

type Cached<T> = { value: T; expires: number };

/**
 * The 12-digit accounts of an account's organization (its administrator and that administrator's
 * members), which detections treat as affiliated, and where an administrator's organisation sources
 * route events. Asked once per log object, so both are cached briefly: an organization of 50,000
 * members must not cost a large query per object. A change made in this process (auto-enable) forgets
 * the administrator's entries at once; other processes see it within a minute.
 *
 * A system service (see ./README.md): it acts for no caller, so it takes no Actor.
 */
export class OrganizationAccounts {
  private readonly accounts = new Map<string, Cached<ReadonlySet<string>>>();
  private readonly detectors = new Map<string, Cached<ReadonlyMap<string, Detector>>>();

  constructor(private readonly db: Database) {}

  async of(accountRowId: string): Promise<ReadonlySet<string>> {
    const cached = this.accounts.get(accountRowId);
    if (cached && cached.expires > Date.now()) return cached.value;
    const administratorship = await currentAdministratorship(this.db, accountRowId);
    const administratorId = administratorship?.administratorId ?? accountRowId;
    const rows = await this.db.account.findMany({
      where: { OR: [{ id: administratorId }, { administrators: { some: { administratorId, relationshipStatus: { in: [...ASSOCIATED] } } } }] },
      select: { accountId: true },
    });
    const accounts = new Set(rows.map((row) => row.accountId));
    this.accounts.set(accountRowId, { value: accounts, expires: Date.now() + TTL_MS });
    return accounts;
  }

  /** The detectors of the administrator's Enabled members by 12-digit account id: where its organisation sources route their events. */
  async routes(administratorRowId: string): Promise<ReadonlyMap<string, Detector>> {
    const cached = this.detectors.get(administratorRowId);
    if (cached && cached.expires > Date.now()) return cached.value;
    const rows = await this.db.membership.findMany({
      where: { administratorId: administratorRowId, relationshipStatus: "ENABLED", member: { detector: { isNot: null } } },
      select: { member: { select: { accountId: true, detector: true } } },
    });
    const routes = new Map(rows.map((row) => [row.member.accountId, row.member.detector!]));
    this.detectors.set(administratorRowId, { value: routes, expires: Date.now() + TTL_MS });
    return routes;
  }

  /** Forgets what is cached about an organisation whose members changed. */
  forget(administratorRowId: string, memberRowIds: readonly string[] = []): void {
    this.detectors.delete(administratorRowId);
    for (const id of [administratorRowId, ...memberRowIds]) this.accounts.delete(id);
  }
}
