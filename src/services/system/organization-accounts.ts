import type { Database } from "../../db/prisma.js";
import { ASSOCIATED, currentAdministratorship } from "../policies/relationships.js";

const TTL_MS = 60_000;

/**
 * The 12-digit accounts of an account's organization (its administrator and that administrator's
 * members), which detections treat as affiliated. Asked once per log object, so it is cached briefly:
 * an organization of 50,000 members must not cost a large query per object.
 *
 * A system service (see ./README.md): it acts for no caller, so it takes no Actor.
 */
export class OrganizationAccounts {
  private readonly cache = new Map<string, { accounts: ReadonlySet<string>; expires: number }>();

  constructor(private readonly db: Database) {}

  async of(accountRowId: string): Promise<ReadonlySet<string>> {
    const cached = this.cache.get(accountRowId);
    if (cached && cached.expires > Date.now()) return cached.accounts;
    const administratorship = await currentAdministratorship(this.db, accountRowId);
    const administratorId = administratorship?.administratorId ?? accountRowId;
    const rows = await this.db.account.findMany({
      where: { OR: [{ id: administratorId }, { administrators: { some: { administratorId, relationshipStatus: { in: [...ASSOCIATED] } } } }] },
      select: { accountId: true },
    });
    const accounts = new Set(rows.map((row) => row.accountId));
    this.cache.set(accountRowId, { accounts, expires: Date.now() + TTL_MS });
    return accounts;
  }
}
