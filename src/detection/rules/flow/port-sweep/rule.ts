/**
 * Impact:EC2/PortSweep: an instance probes the same port on many public addresses within a window,
 * and most of them never exchange data with it (shared/probes.ts): a crawler or API client talks to
 * the hosts it reaches; a sweep mostly meets silence and resets.
 *
 * Only the instance's own side counts (the record's local end opened the connection), and only public
 * remote addresses: sweeping the VPC's own addresses is internal reconnaissance, not what this type
 * describes.
 * Thresholds (settings): `minHosts` probed and never-engaged addresses on one port, at least half of
 * the addresses touched on it. 30 is a fraction of one /24 and far above the dead hosts a normal
 * client meets on one port in ten minutes.
 */
import type { FlowEvent } from "../../../events.js";
import type { WindowedRule } from "../../../engine/types.js";
import { portName } from "../../../findings/port-names.js";
import { sampleCandidate, sampleConnection } from "../shared/candidate.js";
import { addFlag, countFlags, emptyFlags, mergeFlags, mergeFlagsInto, size, type FlagMap } from "../shared/capped.js";
import { addressOf, other, portOf, scopeOf, viewOf } from "../shared/flow-view.js";
import { ENGAGED, PROBED, probeFlag } from "../shared/probes.js";
import { protocolName } from "../shared/protocols.js";
import { isLaterThan, laterSample, sampleOf, type Sample } from "../shared/sample.js";
import { subjectKeyOf, subjectOf } from "../shared/subject.js";
import { windowKeyOf } from "../shared/window-key.js";
import { PORT_SWEEP } from "./meta.js";

export type PortSweepSettings = { windowMs: number; minHosts: number; maxHostsKept: number };

export const PORT_SWEEP_DEFAULTS: PortSweepSettings = { windowMs: 10 * 60_000, minHosts: 30, maxHostsKept: 256 };

/** Remote addresses with PROBED / ENGAGED flags. */
export type PortSweepPartial = { hosts: FlagMap; sample: Sample };

export function portSweepRule(overrides: Partial<PortSweepSettings> = {}): WindowedRule<FlowEvent, PortSweepPartial> {
  const settings = { ...PORT_SWEEP_DEFAULTS, ...overrides };
  return {
    id: "port-sweep",
    kind: "flow",
    findingTypes: [PORT_SWEEP],
    windowMs: settings.windowMs,
    accumulate(event, _context, partials) {
      const view = viewOf(event);
      const opener = view.initiator;
      if (opener === undefined || view.local !== opener) return;
      const target = other(opener);
      const port = portOf(event, target);
      const remote = addressOf(view, target);
      const flag = probeFlag(event, opener);
      if (port === undefined || port === 0 || remote === undefined || scopeOf(view, target) !== "public" || flag === 0) return;
      const key = windowKeyOf(event.time, settings.windowMs, event.accountId, `${subjectKeyOf(event, view, opener)}|${event.protocol}/${port}`);
      let partial = partials.get(key);
      if (!partial || isLaterThan(event, partial.sample)) {
        const sample = sampleOf(event, subjectOf(event, view, opener), { remote, remotePort: port, localPort: portOf(event, opener) });
        if (partial) partial.sample = sample;
        else partials.set(key, (partial = { hosts: emptyFlags(), sample }));
      }
      addFlag(partial.hosts, remote, flag);
    },
    merge: (a, b) => ({ hosts: mergeFlags(a.hosts, b.hosts, settings.maxHostsKept), sample: laterSample(a.sample, b.sample) }),
    mergeInto(running, b) {
      running.hosts = mergeFlagsInto(running.hosts, b.hosts, settings.maxHostsKept);
      running.sample = laterSample(running.sample, b.sample);
      return running;
    },
    decide(_key, merged, _context, emit) {
      const probed = countFlags(merged.hosts, PROBED, ENGAGED);
      if (probed < settings.minHosts || probed * 2 < size(merged.hosts)) return;
      const port = merged.sample.remotePort ?? 0;
      emit(
        sampleCandidate(PORT_SWEEP, merged.sample, sampleConnection(merged.sample, "OUTBOUND"), {
          key: [`${merged.sample.protocol}/${port}`],
          templateValues: { port: String(port), portName: portName(port), protocol: protocolName(merged.sample.protocol), hosts: String(probed), window: String(settings.windowMs / 60_000) },
          additionalInfo: { probedHosts: probed, hostsTouched: size(merged.hosts), windowMinutes: settings.windowMs / 60_000 },
        }),
      );
    },
  };
}
