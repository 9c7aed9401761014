/** Threat-list matches of a flow record's remote end, and how findings show them. */
import type { FlowEvent } from "../../../events.js";
import type { DetectionContext } from "../../../engine/types.js";
import type { IntelLookup, ThreatMatch } from "../../../intel/lookup.js";
import { addressOf, other, scopeOf, type FlowView, type Side } from "./flow-view.js";

export type RemoteMatches = { local: Side; matches: ThreatMatch[] };

/**
 * Lists apply to public addresses only. When the record does not tell which end is local (both ends
 * public: IPv6 without flow-direction), the end on a list is the remote one; both listed says nothing.
 */
export function matchRemote(event: FlowEvent, view: FlowView, context: DetectionContext): RemoteMatches | undefined {
  // Several rules ask for the same record, one after another: the last lookup is remembered.
  if (event === lastEvent && context.intel === lastIntel) return last;
  last = lookUp(event, view, context);
  lastEvent = event;
  lastIntel = context.intel;
  return last;
}

let lastEvent: FlowEvent | undefined;
let lastIntel: IntelLookup | undefined;
let last: RemoteMatches | undefined;

function lookUp(event: FlowEvent, view: FlowView, context: DetectionContext): RemoteMatches | undefined {
  if (view.local !== undefined) {
    const remote = other(view.local);
    const address = addressOf(view, remote);
    if (address === undefined || scopeOf(view, remote) !== "public") return undefined;
    const matches = context.intel.matchIp(event.accountId, address);
    return matches.length > 0 ? { local: view.local, matches } : undefined;
  }
  if (view.srcScope !== "public" || view.dstScope !== "public") return undefined;
  const bySrc = context.intel.matchIp(event.accountId, view.src!);
  const byDst = context.intel.matchIp(event.accountId, view.dst!);
  if (bySrc.length > 0 && byDst.length === 0) return { local: "dst", matches: bySrc };
  if (byDst.length > 0 && bySrc.length === 0) return { local: "src", matches: byDst };
  return undefined;
}

export function listNames(matches: readonly ThreatMatch[]): string {
  return [...new Set(matches.map((match) => match.listName))].join(", ");
}

export function threatInfo(matches: readonly ThreatMatch[]): Record<string, unknown> {
  const names = [...new Set(matches.flatMap((match) => match.threatNames))].join(", ");
  return { threatListName: listNames(matches), ...(names ? { threatName: names } : {}) };
}
