/**
 * SSH (22), RDP (3389) and WinRM (5985/5986) brute force: one peer opens many short TCP connections to
 * one host's login port within a window. Each connection is one client port of the opener, so the
 * records of a long session (one per aggregation interval) and the copies logged by both ends of an
 * internal connection count once. "Short" leaves out bulk sessions (file copies, long shells): a
 * login attempt is a key exchange and a few authentication rounds.
 *
 * Roles: the responder is the TARGET when its side of the record is local (or the record does not say),
 * and only accepted connections count for it (refused ones never reached the service); the opener is
 * the ACTOR when its side is local (or the record does not say), refused attempts included. Inside a
 * VPC, where a record does not tell which end is logged, both findings are raised, as GuardDuty does
 * for one instance brute-forcing another.
 * Thresholds (settings): `minAttempts` connections per peer pair in `windowMs`. 20 in ten minutes is
 * more than a person or a deployment tool reconnecting, and less than any password or key list.
 */
import type { FlowEvent } from "../../../events.js";
import type { FindingTypeMeta, WindowedRule } from "../../../engine/types.js";
import { sampleCandidate, sampleConnection } from "../shared/candidate.js";
import { addFlag, emptyFlags, mergeFlags, mergeFlagsInto, size, type FlagMap } from "../shared/capped.js";
import { addressOf, other, portOf, viewOf, type Side } from "../shared/flow-view.js";
import { TCP } from "../shared/protocols.js";
import { isLaterThan, laterSample, sampleOf, type Sample } from "../shared/sample.js";
import { subjectKeyOf, subjectOf } from "../shared/subject.js";
import { windowKeyOf } from "../shared/window-key.js";
import { RDP, SSH, WINRM } from "./meta.js";

export type BruteForceSettings = { windowMs: number; minAttempts: number; maxPacketsPerAttempt: number };

export const BRUTE_FORCE_DEFAULTS: BruteForceSettings = { windowMs: 10 * 60_000, minAttempts: 20, maxPacketsPerAttempt: 100 };

const SERVICES: ReadonlyMap<number, { name: string; types: { target: FindingTypeMeta; actor: FindingTypeMeta } }> = new Map([
  [22, { name: "ssh", types: SSH }],
  [3389, { name: "rdp", types: RDP }],
  [5985, { name: "winrm", types: WINRM }],
  [5986, { name: "winrm", types: WINRM }],
]);

type Role = "target" | "actor";

/** Client ports of the attempts (distinct connections), and the role and service the key is about. */
export type BruteForcePartial = { role: Role; service: string; clients: FlagMap; sample: Sample };

export function bruteForceRule(overrides: Partial<BruteForceSettings> = {}): WindowedRule<FlowEvent, BruteForcePartial> {
  const settings = { ...BRUTE_FORCE_DEFAULTS, ...overrides };
  const keep = settings.minAttempts * 2;

  function add(partials: Map<string, BruteForcePartial>, event: FlowEvent, role: Role, side: Side, service: string, clientPort: number): void {
    const view = viewOf(event);
    const peer = addressOf(view, other(side)) ?? "unknown";
    const key = windowKeyOf(event.time, settings.windowMs, event.accountId, `${subjectKeyOf(event, view, side)}|${role}|${service}|${peer}`);
    let partial = partials.get(key);
    if (!partial || isLaterThan(event, partial.sample)) {
      const sample = sampleOf(event, subjectOf(event, view, side), { remote: peer, localPort: portOf(event, side), remotePort: portOf(event, other(side)) });
      if (partial) partial.sample = sample;
      else partials.set(key, (partial = { role, service, clients: emptyFlags(), sample }));
    }
    addFlag(partial.clients, clientPort, 1);
  }

  return {
    id: "brute-force",
    kind: "flow",
    findingTypes: [SSH.target, SSH.actor, RDP.target, RDP.actor, WINRM.target, WINRM.actor],
    windowMs: settings.windowMs,
    accumulate(event, _context, partials) {
      if (event.protocol !== TCP) return;
      const view = viewOf(event);
      const opener = view.initiator;
      // The opener's own record: one per connection attempt, carrying its client port.
      if (opener !== "src" || event.srcPort === undefined || event.dstPort === undefined) return;
      const service = SERVICES.get(event.dstPort);
      if (!service || (event.packets !== undefined && event.packets > settings.maxPacketsPerAttempt)) return;
      if (view.local !== "src" && event.action !== "REJECT") add(partials, event, "target", "dst", service.name, event.srcPort);
      if (view.local !== "dst") add(partials, event, "actor", "src", service.name, event.srcPort);
    },
    merge: (a, b) => ({ role: a.role, service: a.service, clients: mergeFlags(a.clients, b.clients, keep), sample: laterSample(a.sample, b.sample) }),
    mergeInto(running, b) {
      running.clients = mergeFlagsInto(running.clients, b.clients, keep);
      running.sample = laterSample(running.sample, b.sample);
      return running;
    },
    decide(_key, merged, _context, emit) {
      const attempts = size(merged.clients);
      if (attempts < settings.minAttempts) return;
      const port = merged.role === "target" ? merged.sample.localPort : merged.sample.remotePort;
      const types = SERVICES.get(port ?? 0)?.types ?? SSH;
      const meta = merged.role === "target" ? types.target : types.actor;
      emit(
        sampleCandidate(meta, merged.sample, sampleConnection(merged.sample, merged.role === "target" ? "INBOUND" : "OUTBOUND"), {
          key: [merged.role],
          templateValues: { attempts: attempts >= keep ? `${keep}+` : String(attempts), port: String(port ?? ""), window: String(settings.windowMs / 60_000) },
          additionalInfo: { attempts, windowMinutes: settings.windowMs / 60_000 },
        }),
      );
    },
  };
}
