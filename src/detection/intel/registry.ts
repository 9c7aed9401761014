/**
 * IntelRegistry holds the snapshot that detections read and swaps it whole. A new snapshot is built
 * beside the current one (buildThreatIndex) and installed by one reference assignment, so a reader
 * sees either the old lists or the new ones, never a half-loaded list. A detection that checks many
 * records should take `current()` once per batch so the whole batch sees one snapshot.
 */
import type { IntelLookup, ThreatMatch } from "./lookup.js";
import { buildThreatIndex, type ThreatIndex } from "./threat-index.js";

export class IntelRegistry implements IntelLookup {
  private snapshot: ThreatIndex;

  /** Starts from the given snapshot, or from one with no lists (nothing trusted, nothing matches). */
  constructor(initial: ThreatIndex = buildThreatIndex({ accounts: new Map() })) {
    this.snapshot = initial;
  }

  current(): ThreatIndex {
    return this.snapshot;
  }

  /** Installs the next snapshot and returns the one it replaced. */
  replace(next: ThreatIndex): ThreatIndex {
    const previous = this.snapshot;
    this.snapshot = next;
    return previous;
  }

  isTrustedIp(accountId: string, ip: string): boolean {
    return this.snapshot.isTrustedIp(accountId, ip);
  }

  isTrustedDomain(accountId: string, domain: string): boolean {
    return this.snapshot.isTrustedDomain(accountId, domain);
  }

  matchIp(accountId: string, ip: string): ThreatMatch[] {
    return this.snapshot.matchIp(accountId, ip);
  }

  matchDomain(accountId: string, domain: string): ThreatMatch[] {
    return this.snapshot.matchDomain(accountId, domain);
  }
}
