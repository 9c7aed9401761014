/**
 * UnauthorizedAccess:EC2/TorRelay: a relay both accepts connections from other Tor nodes (on its
 * ORPort) and opens connections to many of them; a Tor client only calls out to a few guards, and a
 * website visited through Tor only sees exits calling in. So within a window the instance must have
 * accepted connections from at least `minInbound` distinct listed Tor nodes and opened connections to
 * at least `minOutbound` others. Public lists mostly publish exits, a fifth of all relays, so the
 * thresholds count a few of a relay's hundreds of peers: 3 each way by default.
 */
import type { FlowEvent } from "../../../events.js";
import type { WindowedRule } from "../../../engine/types.js";
import type { ThreatMatch } from "../../../intel/lookup.js";
import { sampleCandidate, sampleConnection } from "../shared/candidate.js";
import { addFlag, emptyFlags, mergeFlags, mergeFlagsInto, size, type FlagMap } from "../shared/capped.js";
import { addressOf, other, portOf, viewOf } from "../shared/flow-view.js";
import { laterSample, sampleOf, type Sample } from "../shared/sample.js";
import { subjectOf } from "../shared/subject.js";
import { matchRemote } from "../shared/threat-matches.js";
import { windowKeyOf } from "../shared/window-key.js";
import { TOR_RELAY } from "./meta.js";

export type TorRelaySettings = { windowMs: number; minInbound: number; minOutbound: number };

export const TOR_RELAY_DEFAULTS: TorRelaySettings = { windowMs: 10 * 60_000, minInbound: 3, minOutbound: 3 };

const KEPT = 64;

/** Tor peers by direction; the latest inbound connection shows the relay's port. */
export type TorRelayPartial = { inbound: FlagMap; outbound: FlagMap; lists: FlagMap; sample?: Sample };

function isTor(match: ThreatMatch): boolean {
  return match.source === "MANAGED" && (match.category === "TOR_EXIT" || match.category === "TOR_RELAY");
}

export function torRelayRule(overrides: Partial<TorRelaySettings> = {}): WindowedRule<FlowEvent, TorRelayPartial> {
  const settings = { ...TOR_RELAY_DEFAULTS, ...overrides };
  return {
    id: "tor-relay",
    kind: "flow",
    findingTypes: [TOR_RELAY],
    windowMs: settings.windowMs,
    accumulate(event, context, partials) {
      const view = viewOf(event);
      if (view.initiator === undefined) return;
      const found = matchRemote(event, view, context);
      const tor = found?.matches.filter(isTor) ?? [];
      if (!found || tor.length === 0) return;
      const local = found.local;
      const inbound = view.initiator !== local;
      if (inbound && event.action === "REJECT") return;
      const peer = addressOf(view, other(local))!;
      const subject = subjectOf(event, view, local);
      const key = windowKeyOf(event.time, settings.windowMs, event.accountId, subject.key);
      const partial = partials.get(key) ?? { inbound: emptyFlags(), outbound: emptyFlags(), lists: emptyFlags() };
      partials.set(key, partial);
      addFlag(inbound ? partial.inbound : partial.outbound, peer, 1);
      for (const match of tor) addFlag(partial.lists, match.listName, 1);
      if (inbound) {
        const sample = sampleOf(event, subject, { remote: peer, localPort: portOf(event, local), remotePort: portOf(event, other(local)) });
        partial.sample = partial.sample ? laterSample(partial.sample, sample) : sample;
      }
    },
    merge(a, b) {
      const sample = a.sample && b.sample ? laterSample(a.sample, b.sample) : (a.sample ?? b.sample);
      return {
        inbound: mergeFlags(a.inbound, b.inbound, KEPT),
        outbound: mergeFlags(a.outbound, b.outbound, KEPT),
        lists: mergeFlags(a.lists, b.lists, KEPT),
        ...(sample ? { sample } : {}),
      };
    },
    mergeInto(running, b) {
      running.inbound = mergeFlagsInto(running.inbound, b.inbound, KEPT);
      running.outbound = mergeFlagsInto(running.outbound, b.outbound, KEPT);
      running.lists = mergeFlagsInto(running.lists, b.lists, KEPT);
      if (b.sample) running.sample = running.sample ? laterSample(running.sample, b.sample) : b.sample;
      return running;
    },
    decide(_key, merged, _context, emit) {
      const inbound = size(merged.inbound);
      const outbound = size(merged.outbound);
      if (!merged.sample || inbound < settings.minInbound || outbound < settings.minOutbound) return;
      emit(
        sampleCandidate(TOR_RELAY, merged.sample, sampleConnection(merged.sample, "INBOUND"), {
          key: [],
          templateValues: {
            inbound: String(inbound),
            outbound: String(outbound),
            port: String(merged.sample.localPort ?? ""),
            lists: Object.keys(merged.lists).sort().join(", "),
            window: String(settings.windowMs / 60_000),
          },
          additionalInfo: { inboundTorPeers: inbound, outboundTorPeers: outbound },
        }),
      );
    },
  };
}
