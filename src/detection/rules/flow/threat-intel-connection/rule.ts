/**
 * Connections with an address on a threat list. Which type depends on the list: the account's own
 * lists raise MaliciousIPCaller.Custom; managed feeds raise by category (command and control, crypto
 * mining, black hole, drop point, Tor). Feeds of scanners and generic malicious addresses have no
 * flow type of their own here: they matter when such a host probes an open port (port-probe).
 *
 * Tor: GuardDuty's TorClient is about connecting to Tor guard or directory-authority nodes. Public Tor
 * lists publish exits (TOR_EXIT) or all relays (TOR_RELAY); every guard and authority is a relay, and
 * most exits also carry the guard flag, so an outbound connection to an address on either list counts.
 *
 * The instance must be the one calling out: the record is the local end's, and the local end opened
 * the connection (or nothing says who did). Attempts refused by the instance's own security group or
 * network ACL count too — they show the intent — and are marked blocked. Inbound traffic from listed
 * hosts is internet noise for the managed types; for the account's own lists an accepted inbound
 * connection counts as well ("communicating with"), with the instance as the target.
 * C&C addresses tagged log4j by the feed carry GuardDuty's log4j context in additionalInfo.
 */
import type { FlowRule, FindingTypeMeta } from "../../../engine/types.js";
import type { ThreatMatch } from "../../../intel/lookup.js";
import { connectionCandidate } from "../shared/candidate.js";
import { addressOf, connectionDirection, other, viewOf } from "../shared/flow-view.js";
import { protocolName } from "../shared/protocols.js";
import { listNames, matchRemote, threatInfo } from "../shared/threat-matches.js";
import * as types from "./meta.js";

const LOG4J = /log4j|log4shell/i;

function typeOf(match: ThreatMatch): FindingTypeMeta | undefined {
  if (match.source === "CUSTOM") return types.MALICIOUS_IP_CUSTOM;
  switch (match.category) {
    case "COMMAND_AND_CONTROL":
      return types.COMMAND_AND_CONTROL;
    case "CRYPTO_MINING":
      return types.BITCOIN_TOOL;
    case "BLACK_HOLE":
      return types.BLACKHOLE;
    case "DROP_POINT":
      return types.DROP_POINT;
    case "TOR_EXIT":
    case "TOR_RELAY":
      return types.TOR_CLIENT;
    default:
      return undefined;
  }
}

function byType(matches: ThreatMatch[]): Map<FindingTypeMeta, ThreatMatch[]> {
  const groups = new Map<FindingTypeMeta, ThreatMatch[]>();
  for (const match of matches) {
    const meta = typeOf(match);
    if (!meta) continue;
    const group = groups.get(meta);
    if (group) group.push(match);
    else groups.set(meta, [match]);
  }
  return groups;
}

function additionalInfo(meta: FindingTypeMeta, matches: ThreatMatch[]): Record<string, unknown> {
  const info = threatInfo(matches);
  const log4j = matches.some((match) => LOG4J.test(match.listName) || match.threatNames.some((name) => LOG4J.test(name)));
  if (meta !== types.COMMAND_AND_CONTROL || !log4j) return info;
  return { ...info, threatName: "Log4j Related", context: "Possible log4j callback" };
}

export const threatIntelConnectionRule: FlowRule = {
  id: "threat-intel-connection",
  kind: "flow",
  findingTypes: [types.COMMAND_AND_CONTROL, types.BITCOIN_TOOL, types.BLACKHOLE, types.DROP_POINT, types.TOR_CLIENT, types.MALICIOUS_IP_CUSTOM, types.MALICIOUS_IP_CUSTOM_INBOUND],
  evaluate(event, context, emit) {
    const view = viewOf(event);
    const found = matchRemote(event, view, context);
    if (!found) return;
    const { local, matches } = found;
    const direction = connectionDirection(view, local);
    const callingOut = local === "src" && direction !== "INBOUND";
    const acceptedIn = local === "dst" && direction === "INBOUND" && event.action === "ACCEPT";
    if (!callingOut && !acceptedIn) return;
    for (const [meta, group] of byType(matches)) {
      if (!callingOut && meta !== types.MALICIOUS_IP_CUSTOM) continue;
      const shown = callingOut ? meta : types.MALICIOUS_IP_CUSTOM_INBOUND;
      emit(
        connectionCandidate(shown, event, view, local, {
          key: [addressOf(view, other(local)) ?? ""],
          templateValues: { lists: listNames(group), protocol: protocolName(event.protocol), direction: callingOut ? "outbound" : "inbound" },
          threatIntel: group,
          additionalInfo: additionalInfo(meta, group),
        }),
      );
    }
  },
};
