/**
 * Recon:EC2/Portscan: an instance opens connections to many distinct ports of one remote host within
 * a window and exchanges no data on most of them (shared/probes.ts). Remote hosts may be private:
 * internal reconnaissance is the common case after a compromise.
 *
 * The instance must be the opener: the record's local end, or — inside the VPC, where a record does
 * not tell which end is logged — the opening address itself, named by VPC and address.
 * Thresholds (settings): `minPorts` probed ports that were never engaged, making up at least half of
 * the ports touched. 20 stays above the handful of ports a client, monitoring agent or cluster peer
 * uses on one host, and far below what scanners try (nmap's default is 1,000 ports; -F is 100).
 */
import type { FlowEvent } from "../../../events.js";
import type { WindowedRule } from "../../../engine/types.js";
import { sampleCandidate, sampleConnection } from "../shared/candidate.js";
import { addFlag, countFlags, mergeFlags, mergeFlagsInto, orderedValues, size, type FlagMap } from "../shared/capped.js";
import { addressOf, other, portOf, viewOf } from "../shared/flow-view.js";
import { ENGAGED, PROBED, probeFlag } from "../shared/probes.js";
import { protocolName } from "../shared/protocols.js";
import { isLaterThan, laterSample, sampleOf, type Sample } from "../shared/sample.js";
import { subjectKeyOf, subjectOf } from "../shared/subject.js";
import { windowKeyOf } from "../shared/window-key.js";
import { PORTSCAN } from "./meta.js";

export type PortscanSettings = { windowMs: number; minPorts: number; maxPortsKept: number };

export const PORTSCAN_DEFAULTS: PortscanSettings = { windowMs: 10 * 60_000, minPorts: 20, maxPortsKept: 256 };

/** Ports as "<protocol>/<port>", each with PROBED / ENGAGED flags. */
export type PortscanPartial = { ports: FlagMap; sample: Sample };

// "<protocol>/<port>" texts made once: a fresh text per record costs a property name to be made for it at
// every insert. Values outside the protocol and port ranges (broken records) are not worth keeping.
const portLabels = new Map<number, string>();
const MAX_LABELS = 65_536;

function portLabel(protocol: number | undefined, port: number): string {
  const known = (protocol === undefined || protocol <= 255) && port <= 0xffff;
  const id = known ? (protocol ?? 256) * 65536 + port : -1;
  let label = portLabels.get(id);
  if (label === undefined) {
    label = `${protocol}/${port}`;
    if (known && portLabels.size < MAX_LABELS) portLabels.set(id, label);
  }
  return label;
}

export function portscanRule(overrides: Partial<PortscanSettings> = {}): WindowedRule<FlowEvent, PortscanPartial> {
  const settings = { ...PORTSCAN_DEFAULTS, ...overrides };
  return {
    id: "portscan",
    kind: "flow",
    findingTypes: [PORTSCAN],
    windowMs: settings.windowMs,
    accumulate(event, _context, partials) {
      const view = viewOf(event);
      const opener = view.initiator;
      if (opener === undefined || (view.local !== undefined && view.local !== opener)) return;
      const target = other(opener);
      const port = portOf(event, target);
      const remote = addressOf(view, target);
      const flag = probeFlag(event, opener);
      if (port === undefined || port === 0 || remote === undefined || flag === 0) return;
      const key = windowKeyOf(event.time, settings.windowMs, event.accountId, `${subjectKeyOf(event, view, opener)}|${remote}`);
      let partial = partials.get(key);
      if (!partial || isLaterThan(event, partial.sample)) {
        const sample = sampleOf(event, subjectOf(event, view, opener), { remote, remotePort: port, localPort: portOf(event, opener) });
        if (partial) partial.sample = sample;
        // Ports are few distinct values shared by every key ("6/443"): a literal's hidden classes are shared too, and smaller than a hash table.
        else partials.set(key, (partial = { ports: {}, sample }));
      }
      addFlag(partial.ports, portLabel(event.protocol, port), flag);
    },
    merge: (a, b) => ({ ports: mergeFlags(a.ports, b.ports, settings.maxPortsKept), sample: laterSample(a.sample, b.sample) }),
    mergeInto(running, b) {
      // The order of the ports decides the order of the protocols in the finding: decide reads merge's (orderedValues).
      running.ports = mergeFlagsInto(running.ports, b.ports, settings.maxPortsKept);
      running.sample = laterSample(running.sample, b.sample);
      return running;
    },
    decide(_key, merged, _context, emit) {
      const probed = countFlags(merged.ports, PROBED, ENGAGED);
      if (probed < settings.minPorts || probed * 2 < size(merged.ports)) return;
      const protocols = [...new Set(orderedValues(merged.ports).map((port) => protocolName(Number(port.split("/")[0]))))].join(", ");
      emit(
        sampleCandidate(PORTSCAN, merged.sample, sampleConnection(merged.sample, "OUTBOUND"), {
          key: [],
          templateValues: { ports: String(probed), window: String(settings.windowMs / 60_000), protocols },
          additionalInfo: { probedPorts: probed, portsTouched: size(merged.ports), windowMinutes: settings.windowMs / 60_000 },
        }),
      );
    },
  };
}
