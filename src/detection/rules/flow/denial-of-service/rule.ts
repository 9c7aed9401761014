/**
 * Backdoor:EC2/DenialOfService.*: an instance sends a large volume of traffic to one public address
 * within a window, at a flood's rate, and gets little back. Volumes are summed per kind of traffic
 * (traffic-class.ts) from the instance's records to the target and the target's records back.
 *
 * A flood is `minPackets` packets at `minPacketRate` packets/s or more, or `minBytes` bytes at
 * `minByteRate` bytes/s (the rate over the window's first to last record of that kind, so a burst of
 * seconds counts as the burst it is). On top of volume:
 *  - UDP and unusual protocols must be one-sided: at most `maxReturnRatio` of the packets come back.
 *    Tunnels, QUIC, VPNs and media streams carry acknowledgements or answers the other way.
 *  - TCP floods are either header-only packets (SYN/ACK/RST floods, answered or not; a download's
 *    ACK stream is ruled out because far more comes back than goes out) or one-sided data.
 *  - DNS (port 53) needs volume only: a resolver answers every query, flood or not, and no client of
 *    a resolver sends thousands of queries a second to one server.
 * UDP floods are raised as .Udp, and also as .UdpOnTcpPorts when most of their packets go to a
 * TCP-only port. Unusual protocols (neither TCP, UDP nor ICMP) flood at fewer packets.
 * Defaults: 100,000 packets at 2,000 packets/s, or 1 GB at 25 MB/s, in a 5-minute window; 10,000
 * packets for unusual protocols; 10 % return. A 4K video stream stays under 2,000 packets/s; a
 * flooding script sends tens of thousands per second.
 */
import type { FlowEvent } from "../../../events.js";
import type { Emit, FindingTypeMeta, WindowedRule } from "../../../engine/types.js";
import { sampleCandidate, sampleConnection } from "../shared/candidate.js";
import { addressOf, other, portOf, scopeOf, viewOf } from "../shared/flow-view.js";
import { protocolName } from "../shared/protocols.js";
import { isLaterThan, laterSample, sampleOf, type Sample } from "../shared/sample.js";
import { subjectKeyOf, subjectOf } from "../shared/subject.js";
import { carriesPayload } from "../shared/traffic.js";
import { windowKeyOf } from "../shared/window-key.js";
import { DOS_DNS, DOS_TCP, DOS_UDP, DOS_UDP_ON_TCP_PORTS, DOS_UNUSUAL_PROTOCOL } from "./meta.js";
import { trafficClass, type TrafficClass } from "./traffic-class.js";

export type DenialOfServiceSettings = {
  windowMs: number;
  minPackets: number;
  minPacketRate: number;
  minBytes: number;
  minByteRate: number;
  unusualProtocolMinPackets: number;
  maxReturnRatio: number;
};

export const DENIAL_OF_SERVICE_DEFAULTS: DenialOfServiceSettings = {
  windowMs: 5 * 60_000,
  minPackets: 100_000,
  minPacketRate: 2_000,
  minBytes: 1_000_000_000,
  minByteRate: 25_000_000,
  unusualProtocolMinPackets: 10_000,
  maxReturnRatio: 0.1,
};

/** One kind of traffic between the instance and the target; times in ms, of the instance's records. */
export type Volume = {
  packets: number;
  bytes: number;
  headerOnlyPackets: number;
  headerOnlyBytes: number;
  /** Absent until the instance's own records are seen (JSON has no Infinity to start from). */
  first?: number;
  last?: number;
  returnPackets: number;
  returnBytes: number;
  sample?: Sample;
};

export type DenialOfServicePartial = Partial<Record<TrafficClass, Volume>>;

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function latest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

function mergeVolume(a: Volume | undefined, b: Volume | undefined): Volume | undefined {
  if (!a || !b) return a ?? b;
  const sample = a.sample && b.sample ? laterSample(a.sample, b.sample) : (a.sample ?? b.sample);
  const first = earliest(a.first, b.first);
  const last = latest(a.last, b.last);
  return {
    packets: a.packets + b.packets,
    bytes: a.bytes + b.bytes,
    headerOnlyPackets: a.headerOnlyPackets + b.headerOnlyPackets,
    headerOnlyBytes: a.headerOnlyBytes + b.headerOnlyBytes,
    returnPackets: a.returnPackets + b.returnPackets,
    returnBytes: a.returnBytes + b.returnBytes,
    ...(first === undefined ? {} : { first, last }),
    ...(sample ? { sample } : {}),
  };
}

/** mergeVolume(into, b) in place: the store's running volume takes `b` in. */
function addVolume(into: Volume, b: Volume): void {
  into.packets += b.packets;
  into.bytes += b.bytes;
  into.headerOnlyPackets += b.headerOnlyPackets;
  into.headerOnlyBytes += b.headerOnlyBytes;
  into.returnPackets += b.returnPackets;
  into.returnBytes += b.returnBytes;
  const first = earliest(into.first, b.first);
  if (first !== undefined) {
    into.first = first;
    into.last = latest(into.last, b.last);
  }
  if (b.sample) into.sample = into.sample ? laterSample(into.sample, b.sample) : b.sample;
}

const CLASSES: readonly TrafficClass[] = ["tcp", "udp", "udpOnTcpPort", "dns", "unusual"];

export function denialOfServiceRule(overrides: Partial<DenialOfServiceSettings> = {}): WindowedRule<FlowEvent, DenialOfServicePartial> {
  const t = { ...DENIAL_OF_SERVICE_DEFAULTS, ...overrides };

  function seconds(volume: Volume): number {
    return Math.max(1, ((volume.last ?? 0) - (volume.first ?? 0)) / 1000);
  }

  function floods(packets: number, bytes: number, volume: Volume, minPackets = t.minPackets): boolean {
    const span = seconds(volume);
    return (packets >= minPackets && packets / span >= t.minPacketRate) || (bytes >= t.minBytes && bytes / span >= t.minByteRate);
  }

  function oneSided(volume: Volume): boolean {
    return volume.returnPackets <= volume.packets * t.maxReturnRatio;
  }

  function raise(emit: Emit, meta: FindingTypeMeta, volume: Volume): void {
    const sample = volume.sample!;
    emit(
      sampleCandidate(meta, sample, sampleConnection(sample, "OUTBOUND"), {
        key: [],
        templateValues: {
          packets: String(volume.packets),
          megabytes: (volume.bytes / 1e6).toFixed(1),
          rate: String(Math.round(volume.packets / seconds(volume))),
          port: String(sample.remotePort ?? ""),
          protocol: protocolName(sample.protocol),
          window: String(t.windowMs / 60_000),
        },
        additionalInfo: { packets: volume.packets, bytes: volume.bytes, returnPackets: volume.returnPackets, seconds: seconds(volume) },
      }),
    );
  }

  return {
    id: "denial-of-service",
    kind: "flow",
    findingTypes: [DOS_TCP, DOS_UDP, DOS_UDP_ON_TCP_PORTS, DOS_DNS, DOS_UNUSUAL_PROTOCOL],
    windowMs: t.windowMs,
    accumulate(event, _context, partials) {
      const view = viewOf(event);
      const local = view.local;
      if (local === undefined || event.packets === undefined) return;
      const remote = other(local);
      const target = addressOf(view, remote);
      const kind = trafficClass(event.protocol, portOf(event, remote));
      if (kind === undefined || target === undefined || scopeOf(view, remote) !== "public") return;
      const key = windowKeyOf(event.time, t.windowMs, event.accountId, `${subjectKeyOf(event, view, local)}|${target}`);
      let partial = partials.get(key);
      if (!partial) partials.set(key, (partial = {}));
      // The batch's own volume of this kind: the record is added to it in place.
      let volume = partial[kind];
      if (!volume) partial[kind] = volume = { packets: 0, bytes: 0, headerOnlyPackets: 0, headerOnlyBytes: 0, returnPackets: 0, returnBytes: 0 };
      const bytes = event.bytes ?? 0;
      if (local === "src") {
        volume.packets += event.packets;
        volume.bytes += bytes;
        if (carriesPayload(event) === false) {
          volume.headerOnlyPackets += event.packets;
          volume.headerOnlyBytes += bytes;
        }
        volume.first = earliest(volume.first, event.time);
        volume.last = latest(volume.last, event.end);
        if (!volume.sample || isLaterThan(event, volume.sample)) {
          volume.sample = sampleOf(event, subjectOf(event, view, local), { remote: target, localPort: portOf(event, local), remotePort: portOf(event, remote) });
        }
      } else {
        volume.returnPackets += event.packets;
        volume.returnBytes += bytes;
      }
    },
    merge(a, b) {
      const merged: DenialOfServicePartial = {};
      for (const kind of CLASSES) {
        const volume = mergeVolume(a[kind], b[kind]);
        if (volume) merged[kind] = volume;
      }
      return merged;
    },
    mergeInto(running, b) {
      for (const kind of CLASSES) {
        const volume = b[kind];
        if (!volume) continue;
        const into = running[kind];
        if (into) addVolume(into, volume);
        else running[kind] = volume;
      }
      return running;
    },
    decide(_key, merged, _context, emit) {
      const { tcp, dns, unusual, udpOnTcpPort } = merged;
      if (dns?.sample && floods(dns.packets, dns.bytes, dns)) raise(emit, DOS_DNS, dns);
      if (tcp?.sample) {
        const headerFlood = floods(tcp.headerOnlyPackets, tcp.headerOnlyBytes, tcp) && tcp.returnBytes <= 4 * tcp.bytes;
        if (headerFlood || (floods(tcp.packets, tcp.bytes, tcp) && oneSided(tcp))) raise(emit, DOS_TCP, tcp);
      }
      const udp = mergeVolume(merged.udp, udpOnTcpPort);
      if (udp?.sample && floods(udp.packets, udp.bytes, udp) && oneSided(udp)) {
        raise(emit, DOS_UDP, udp);
        if (udpOnTcpPort?.sample && udpOnTcpPort.packets * 2 >= udp.packets) raise(emit, DOS_UDP_ON_TCP_PORTS, udpOnTcpPort);
      }
      if (unusual?.sample && floods(unusual.packets, unusual.bytes, unusual, t.unusualProtocolMinPackets) && oneSided(unusual)) raise(emit, DOS_UNUSUAL_PROTOCOL, unusual);
    },
  };
}
