/**
 * The entries of every list playing one role (trusted, or threat) in a snapshot, indexed together:
 * one address index and one domain index whatever the number of lists, each entry tagged with its
 * list. Lists shared by many accounts (an administrator's lists apply to all its members) are thus
 * indexed once; which lists apply to which account is decided by the caller at lookup time.
 */
import { AddressIndexBuilder, type AddressIndex } from "./address/address-index.js";
import { parseIpInto } from "./address/ip-text.js";
import { DomainIndexBuilder, type DomainIndex } from "./domain/domain-index.js";
import type { ListEntry } from "./formats/types.js";

/** Whether a plain `evil.com` entry also matches `a.evil.com`. `*.evil.com` always matches subdomains only. */
export type DomainMatchMode = "exact" | "subdomains";

export type RoleIndex = {
  readonly addresses: AddressIndex;
  readonly domains: DomainIndex;
  /** Per entry id: the list number it came from, its text and its threat names. */
  readonly entryList: Int32Array;
  readonly entryText: readonly string[];
  readonly entryNames: readonly (readonly string[])[];
  /** Entries whose value was not a canonical address or domain (lists should come from parseList). */
  readonly skippedEntries: number;
};

const NO_NAMES: readonly string[] = Object.freeze([]);

export class RoleIndexBuilder {
  private readonly addresses = new AddressIndexBuilder();
  private readonly domains = new DomainIndexBuilder();
  private readonly entryList: number[] = [];
  private readonly entryText: string[] = [];
  private readonly entryNames: (readonly string[])[] = [];
  private readonly words = new Uint32Array(4);
  private skippedEntries = 0;

  addList(listNumber: number, entries: readonly ListEntry[], plainDomains: DomainMatchMode): void {
    for (const entry of entries) {
      const id = this.entryText.length;
      if (!this.index(entry, id, plainDomains)) {
        this.skippedEntries++;
        continue;
      }
      this.entryList.push(listNumber);
      this.entryText.push(entry.value);
      this.entryNames.push(entry.threatNames && entry.threatNames.length > 0 ? Object.freeze([...entry.threatNames]) : NO_NAMES);
    }
  }

  build(): RoleIndex {
    return {
      addresses: this.addresses.build(),
      domains: this.domains.build(),
      entryList: Int32Array.from(this.entryList),
      entryText: this.entryText,
      entryNames: this.entryNames,
      skippedEntries: this.skippedEntries,
    };
  }

  private index(entry: ListEntry, id: number, plainDomains: DomainMatchMode): boolean {
    switch (entry.kind) {
      case "domain":
        this.domains.addExact(entry.value, id);
        if (plainDomains === "subdomains") this.domains.addSubdomainsOf(entry.value, id);
        return true;
      case "wildcard":
        this.domains.addSubdomainsOf(entry.value.slice(2), id);
        return true;
      default:
        return this.indexAddress(entry.value, id);
    }
  }

  private indexAddress(value: string, id: number): boolean {
    const slash = value.indexOf("/");
    const family = parseIpInto(slash < 0 ? value : value.slice(0, slash), this.words);
    const prefix = slash < 0 ? (family === 4 ? 32 : 128) : prefixLength(value.slice(slash + 1));
    if (family === 4 && prefix >= 0 && prefix <= 32) this.addresses.addIpv4(this.words[0], prefix, id);
    else if (family === 6 && prefix >= 0 && prefix <= 128) this.addresses.addIpv6(this.words, 0, prefix, id);
    else return false;
    return true;
  }
}

function prefixLength(text: string): number {
  return /^\d{1,3}$/.test(text) ? Number(text) : -1;
}
