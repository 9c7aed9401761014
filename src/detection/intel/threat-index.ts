/**
 * ThreatIndex: an immutable snapshot of every account's trusted and threat lists plus the
 * operator's managed feeds, answering what detections ask (IntelLookup). Built in one go by
 * buildThreatIndex, off to the side; IntelRegistry then swaps it in.
 *
 * Rules it enforces (GuardDuty's):
 *  - trusted beats threat: a value on one of the account's trusted lists never matches, not even a
 *    managed feed;
 *  - lists apply only to publicly routable addresses and domains;
 *  - an account's lists match for that account only; managed feeds match for every account.
 * Per list, only the most specific matching entry is reported (1.2.3.4 before 1.2.3.0/24).
 */
import type { IntelLookup, ThreatCategory, ThreatMatch } from "./lookup.js";
import type { ListEntry } from "./formats/types.js";
import { parseIpInto, type IpFamily } from "./address/ip-text.js";
import { isPublicIpv4, isPublicIpv6 } from "./address/public-address.js";
import { normalizeDomainQuery } from "./domain/domain-name.js";
import { isPublicDomain } from "./domain/public-domain.js";
import { RoleIndexBuilder, type DomainMatchMode, type RoleIndex } from "./role-index.js";

export type IntelList = {
  /** Stable id: a list shared by several accounts (the administrator's) is given with the same id. */
  id: string;
  /** Shown in findings as the threat list name. */
  name: string;
  entries: readonly ListEntry[];
  /**
   * Whether a plain `evil.com` also matches `a.evil.com`. Default: "subdomains" for threat lists and
   * feeds (a feed lists the domain it saw, and its owner controls every name below it), "exact" for
   * trusted lists (trust suppresses findings, so it is granted no wider than written; `*.x` widens it).
   */
  plainDomains?: DomainMatchMode;
};

export type ManagedFeed = IntelList & { category: ThreatCategory };

/** The lists in force for one account: its own, or its administrator's when it is a member. */
export type AccountLists = { trusted: readonly IntelList[]; threat: readonly IntelList[] };

export type ThreatIndexInput = {
  accounts: ReadonlyMap<string, AccountLists> | Readonly<Record<string, AccountLists>>;
  feeds?: readonly ManagedFeed[];
};

export type ThreatIndexStats = {
  accounts: number;
  trustedLists: number;
  threatLists: number;
  feeds: number;
  /** Entries indexed, over all distinct lists and feeds. */
  entries: number;
  /** Entries dropped because their value was not canonical (lists should come from parseList). */
  skippedEntries: number;
};

type AccountView = { trusted: Int32Array; threat: Int32Array };
type ThreatListInfo = { name: string; category?: ThreatCategory };

const NO_LISTS = new Int32Array(0);
const NO_ACCOUNT: AccountView = { trusted: NO_LISTS, threat: NO_LISTS };
const NO_MATCHES: ThreatMatch[] = [];
/** Lookups are synchronous and never re-entered, so one parse buffer serves them all. */
const queryWords = new Uint32Array(4);

export class ThreatIndex implements IntelLookup {
  /** Reused by every lookup (they are synchronous and never re-entered), so a miss allocates nothing. */
  private readonly collector: MatchCollector;

  constructor(
    private readonly trusted: RoleIndex,
    private readonly threat: RoleIndex,
    threatLists: readonly ThreatListInfo[],
    /** Per threat list number: 1 when it is a managed feed (applies to every account). */
    isFeed: Uint8Array,
    private readonly accounts: ReadonlyMap<string, AccountView>,
    readonly stats: Readonly<ThreatIndexStats>,
  ) {
    this.collector = new MatchCollector(threat, threatLists, isFeed);
    Object.freeze(this);
  }

  isTrustedIp(accountId: string, ip: string): boolean {
    const lists = this.account(accountId).trusted;
    if (lists.length === 0) return false;
    const family = parseIpInto(ip, queryWords);
    return family !== 0 && isPublicAddress(family) && this.trustedAddress(family, lists);
  }

  isTrustedDomain(accountId: string, domain: string): boolean {
    const lists = this.account(accountId).trusted;
    if (lists.length === 0) return false;
    const name = normalizeDomainQuery(domain);
    return name !== undefined && isPublicDomain(name) && this.trustedName(name, lists);
  }

  matchIp(accountId: string, ip: string): ThreatMatch[] {
    const family = parseIpInto(ip, queryWords);
    if (family === 0) return [];
    const innermost = innermostContaining(this.threat, family);
    if (innermost < 0) return [];
    const account = this.account(accountId);
    this.collector.begin(account.threat);
    forEachEnclosing(this.threat, family, innermost, this.collector.add);
    const matches = this.collector.end();
    if (matches.length === 0 || !isPublicAddress(family)) return [];
    return account.trusted.length > 0 && this.trustedAddress(family, account.trusted) ? [] : matches;
  }

  matchDomain(accountId: string, domain: string): ThreatMatch[] {
    const name = normalizeDomainQuery(domain);
    if (name === undefined) return [];
    const account = this.account(accountId);
    this.collector.begin(account.threat);
    this.threat.domains.forEachMatch(name, this.collector.add);
    const matches = this.collector.end();
    if (matches.length === 0 || !isPublicDomain(name)) return [];
    return account.trusted.length > 0 && this.trustedName(name, account.trusted) ? [] : matches;
  }

  private account(accountId: string): AccountView {
    return this.accounts.get(accountId) ?? NO_ACCOUNT;
  }

  /** Expects the address already parsed into queryWords. */
  private trustedAddress(family: IpFamily, lists: Int32Array): boolean {
    let trusted = false;
    forEachEnclosing(this.trusted, family, innermostContaining(this.trusted, family), (entry) => {
      trusted ||= lists.includes(this.trusted.entryList[entry]);
    });
    return trusted;
  }

  private trustedName(name: string, lists: Int32Array): boolean {
    let trusted = false;
    this.trusted.domains.forEachMatch(name, (entry) => {
      trusted ||= lists.includes(this.trusted.entryList[entry]);
    });
    return trusted;
  }
}

/** Most specific entry containing the address in queryWords, or -1. */
function innermostContaining(role: RoleIndex, family: IpFamily): number {
  return family === 4 ? role.addresses.v4.innermost(queryWords[0]) : role.addresses.v6.innermost(queryWords, 0);
}

/** Visits an entry and every entry enclosing it, the most specific first. */
function forEachEnclosing(role: RoleIndex, family: IpFamily, innermost: number, visit: (entry: number) => void): void {
  const ranges = family === 4 ? role.addresses.v4 : role.addresses.v6;
  for (let position = innermost; position >= 0; position = ranges.parent[position]) visit(ranges.payload[position]);
}

function isPublicAddress(family: IpFamily): boolean {
  return family === 4 ? isPublicIpv4(queryWords[0]) : isPublicIpv6(queryWords, 0);
}

/** Turns threat entries into matches: lists that apply to the account, first (most specific) entry per list. */
class MatchCollector {
  private found: ThreatMatch[] = NO_MATCHES;
  private accountLists: Int32Array = NO_LISTS;
  private readonly seenLists: number[] = [];

  constructor(
    private readonly role: RoleIndex,
    private readonly lists: readonly ThreatListInfo[],
    private readonly isFeed: Uint8Array,
  ) {}

  begin(accountLists: Int32Array): void {
    this.accountLists = accountLists;
    this.found = NO_MATCHES;
    this.seenLists.length = 0;
  }

  /** The matches collected since begin(); a fresh array the caller owns (the shared empty one is never handed out). */
  end(): ThreatMatch[] {
    const found = this.found;
    this.found = NO_MATCHES;
    return found === NO_MATCHES ? [] : found;
  }

  readonly add = (entry: number): void => {
    const list = this.role.entryList[entry];
    if (this.seenLists.includes(list)) return;
    if (this.isFeed[list] === 0 && !this.accountLists.includes(list)) return;
    this.seenLists.push(list);
    const info = this.lists[list];
    const match: ThreatMatch = {
      listName: info.name,
      source: info.category ? "MANAGED" : "CUSTOM",
      threatNames: [...this.role.entryNames[entry]],
      entry: this.role.entryText[entry],
    };
    if (info.category) match.category = info.category;
    if (this.found === NO_MATCHES) this.found = [];
    this.found.push(match);
  };
}

export function buildThreatIndex(input: ThreatIndexInput): ThreatIndex {
  const trusted = new ListNumbering();
  const threat = new ListNumbering();
  const threatLists: ThreatListInfo[] = [];
  const feedFlags: number[] = [];
  const trustedBuilder = new RoleIndexBuilder();
  const threatBuilder = new RoleIndexBuilder();

  const addThreat = (key: string, list: IntelList, category?: ThreatCategory): number =>
    threat.numberOf(key, (number) => {
      threatLists.push(category ? { name: list.name, category } : { name: list.name });
      feedFlags.push(category ? 1 : 0);
      threatBuilder.addList(number, list.entries, list.plainDomains ?? "subdomains");
    });

  for (const feed of input.feeds ?? []) addThreat(`feed:${feed.id}`, feed, feed.category);
  const accounts = new Map<string, AccountView>();
  const accountEntries = input.accounts instanceof Map ? input.accounts.entries() : Object.entries(input.accounts);
  for (const [accountId, lists] of accountEntries as Iterable<[string, AccountLists]>) {
    const trustedNumbers = lists.trusted.map((list) =>
      trusted.numberOf(list.id, (number) => trustedBuilder.addList(number, list.entries, list.plainDomains ?? "exact")),
    );
    const threatNumbers = lists.threat.map((list) => addThreat(`list:${list.id}`, list));
    accounts.set(accountId, { trusted: Int32Array.from(trustedNumbers), threat: Int32Array.from(threatNumbers) });
  }

  const trustedIndex = trustedBuilder.build();
  const threatIndex = threatBuilder.build();
  const feeds = feedFlags.filter((flag) => flag === 1).length;
  const stats: ThreatIndexStats = {
    accounts: accounts.size,
    trustedLists: trusted.size,
    threatLists: threatLists.length - feeds,
    feeds,
    entries: trustedIndex.entryText.length + threatIndex.entryText.length,
    skippedEntries: trustedIndex.skippedEntries + threatIndex.skippedEntries,
  };
  return new ThreatIndex(trustedIndex, threatIndex, threatLists, Uint8Array.from(feedFlags), accounts, Object.freeze(stats));
}

/** Gives each distinct list one number, indexing its entries the first time it is seen. */
class ListNumbering {
  private readonly numbers = new Map<string, number>();

  get size(): number {
    return this.numbers.size;
  }

  numberOf(key: string, indexFirstTime: (number: number) => void): number {
    let number = this.numbers.get(key);
    if (number === undefined) {
      number = this.numbers.size;
      this.numbers.set(key, number);
      indexFirstTime(number);
    }
    return number;
  }
}
