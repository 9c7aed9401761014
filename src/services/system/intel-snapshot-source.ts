import type { Database } from "../../db/prisma.js";
import type { AccountLists, IntelList, ListEntry, ManagedFeed, ThreatIndexInput } from "../../detection/intel/index.js";
import { ASSOCIATED } from "../policies/relationships.js";
import { isThreatCategory } from "../threat-feeds/categories.js";
import { decodeEntries } from "../intel-lists/stored-entries.js";

type CachedEntries = { version: string; entries: readonly ListEntry[] };

/** Same content in the same format gives the same entries, so this is what a cached copy is checked against. */
const versionOf = (row: { contentSha256: string | null; format: string }) => `${row.format}:${row.contentSha256}`;

/**
 * What a worker's threat-intel snapshot is built from: every ACTIVE list, mapped to the accounts it
 * applies to, and every ACTIVE enabled feed. Entries are cached per list and content, so a rebuild
 * reads from PostgreSQL only the lists whose content changed.
 *
 * GuardDuty's rule: a standalone account and an administrator use their own lists; an associated
 * (Enabled or Disabled) member uses its administrator's, and its own lists are not in force.
 *
 * A system service (see ./README.md): it acts for no caller, so it takes no Actor.
 */
export class IntelSnapshotSource {
  private readonly cache = new Map<string, CachedEntries>();

  constructor(private readonly db: Database) {}

  /** Changes whenever anything that load() reads changes; cheap enough to poll. */
  async fingerprint(): Promise<string> {
    const [lists, feeds, memberships] = await Promise.all([
      this.db.intelList.aggregate({ where: { status: "ACTIVE" }, _count: { _all: true }, _max: { updatedAt: true } }),
      this.db.threatFeed.aggregate({ where: { status: "ACTIVE", enabled: true }, _count: { _all: true }, _max: { updatedAt: true } }),
      this.db.membership.aggregate({ where: { relationshipStatus: { in: [...ASSOCIATED] } }, _count: { _all: true }, _max: { updatedAt: true } }),
    ]);
    return [lists, feeds, memberships].map((a) => `${a._count._all}@${a._max.updatedAt?.getTime() ?? 0}`).join("|");
  }

  async load(): Promise<ThreatIndexInput> {
    const [lists, feeds] = await Promise.all([
      this.db.intelList.findMany({
        where: { status: "ACTIVE" },
        select: { id: true, kind: true, name: true, format: true, contentSha256: true, detector: { select: { account: { select: { id: true, accountId: true } } } } },
      }),
      this.db.threatFeed.findMany({ where: { status: "ACTIVE", enabled: true }, select: { id: true, name: true, category: true, format: true, contentSha256: true } }),
    ]);
    await this.fillCache(
      lists.map((l) => ({ key: `list:${l.id}`, version: versionOf(l) })),
      feeds.map((f) => ({ key: `feed:${f.id}`, version: versionOf(f) })),
    );

    const owners = new Map<string, { accountId: string; lists: { trusted: IntelList[]; threat: IntelList[] } }>();
    for (const list of lists) {
      const account = list.detector.account;
      let owner = owners.get(account.id);
      if (!owner) owners.set(account.id, (owner = { accountId: account.accountId, lists: { trusted: [], threat: [] } }));
      const indexed: IntelList = { id: list.id, name: list.name, entries: this.entriesOf(`list:${list.id}`) };
      (list.kind === "TRUSTED" ? owner.lists.trusted : owner.lists.threat).push(indexed);
    }
    const memberships = await this.db.membership.findMany({
      where: { relationshipStatus: { in: [...ASSOCIATED] }, OR: [{ administratorId: { in: [...owners.keys()] } }, { memberId: { in: [...owners.keys()] } }] },
      select: { administratorId: true, memberId: true, member: { select: { accountId: true } } },
    });
    const governed = new Set(memberships.map((m) => m.memberId));
    const accounts = new Map<string, AccountLists>();
    for (const [rowId, owner] of owners) if (!governed.has(rowId)) accounts.set(owner.accountId, owner.lists);
    for (const membership of memberships) {
      const administrator = owners.get(membership.administratorId);
      // The same list objects (same ids): an administrator's lists are indexed once for all its members.
      if (administrator && !governed.has(membership.administratorId)) accounts.set(membership.member.accountId, administrator.lists);
    }

    const managed: ManagedFeed[] = feeds
      .filter((feed) => isThreatCategory(feed.category))
      .map((feed) => ({ id: feed.id, name: feed.name, category: feed.category as ManagedFeed["category"], entries: this.entriesOf(`feed:${feed.id}`) }));
    return { accounts, feeds: managed };
  }

  private entriesOf(key: string): readonly ListEntry[] {
    return this.cache.get(key)?.entries ?? [];
  }

  /** Reads the entries of lists and feeds not cached at their current version; forgets those no longer in force. */
  private async fillCache(lists: Array<{ key: string; version: string }>, feeds: Array<{ key: string; version: string }>): Promise<void> {
    const inForce = new Set([...lists, ...feeds].map((item) => item.key));
    for (const key of this.cache.keys()) if (!inForce.has(key)) this.cache.delete(key);
    const stale = (items: Array<{ key: string; version: string }>) =>
      items.filter((item) => this.cache.get(item.key)?.version !== item.version).map((item) => item.key.slice(item.key.indexOf(":") + 1));
    const [listRows, feedRows] = await Promise.all([
      this.db.intelList.findMany({ where: { id: { in: stale(lists) } }, select: { id: true, entries: true, format: true, contentSha256: true } }),
      this.db.threatFeed.findMany({ where: { id: { in: stale(feeds) } }, select: { id: true, entries: true, format: true, contentSha256: true } }),
    ]);
    for (const row of listRows) this.cache.set(`list:${row.id}`, { version: versionOf(row), entries: decodeEntries(row.entries) });
    for (const row of feedRows) this.cache.set(`feed:${row.id}`, { version: versionOf(row), entries: decodeEntries(row.entries) });
  }
}
