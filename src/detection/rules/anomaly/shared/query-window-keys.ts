import type { DnsEvent } from "../../../events.js";
import { windowStart } from "../../../engine/windows.js";
import { querySource } from "./dns-candidate.js";

/** Sources remembered, and parts per source and window, before starting over (attackers choose both). */
const MAX_SOURCES = 4096;
const MAX_PARTS = 4096;

type SourceKeys = { start: number; accountId: string; key: string; withParts: Map<string, string> };

/**
 * Window keys of DNS queries, `<window start>|<account>|<source>` and the same with one more part, remembered per
 * source for its current window. A resolver log has few sources, each asking all day: building the key anew for every
 * query (the start as text, the concatenation, then the partials map hashing a new string) cost a third of a
 * windowed rule's time per query, and a remembered key is a string the map has hashed before.
 */
export class QueryWindowKeys {
  private readonly bySource = new Map<string, SourceKeys>();

  constructor(private readonly windowMs: number) {}

  key(event: DnsEvent): string {
    return this.sourceKeys(event).key;
  }

  /** `key(event)` followed by `|part`. */
  keyWith(event: DnsEvent, part: string): string {
    const keys = this.sourceKeys(event);
    let key = keys.withParts.get(part);
    if (key === undefined) {
      if (keys.withParts.size >= MAX_PARTS) keys.withParts.clear();
      key = `${keys.key}|${part}`;
      keys.withParts.set(part, key);
    }
    return key;
  }

  private sourceKeys(event: DnsEvent): SourceKeys {
    const source = querySource(event);
    const start = windowStart(event.time, this.windowMs);
    let keys = this.bySource.get(source);
    if (keys === undefined || keys.start !== start || keys.accountId !== event.accountId) {
      if (this.bySource.size >= MAX_SOURCES) this.bySource.clear();
      keys = { start, accountId: event.accountId, key: `${start}|${event.accountId}|${source}`, withParts: new Map() };
      this.bySource.set(source, keys);
    }
    return keys;
  }
}

const byWindow = new Map<number, QueryWindowKeys>();

/** The keys of one window length, shared by the rules and the evaluation that use it. */
export function queryWindowKeys(windowMs: number): QueryWindowKeys {
  let keys = byWindow.get(windowMs);
  if (keys === undefined) byWindow.set(windowMs, (keys = new QueryWindowKeys(windowMs)));
  return keys;
}
