/**
 * Flow-log cases for the evaluation, built from the shared lists' indicators and from the traffic
 * patterns of attacks and of ordinary workloads (no real capture of either exists in the shared data).
 * Each case is one instance's traffic, written as delivered objects (v2 or v5) and read by the parser.
 *
 * Positives: outbound connections to C2, mining and Tor addresses and to the account's own list;
 * accepted probes from mass scanners (generic and EMR ports); port scans (internal connect scans,
 * SYN scans of a public host, UDP scans); port sweeps; SSH/RDP/WinRM brute force (from listed hosts,
 * inside the VPC, and by the instance); UDP, DNS, SYN and unusual-protocol floods; a Tor relay.
 * Negatives: a web server's clients, a crawler, a recursive resolver, backups up and down, metrics
 * scraping, administrators' SSH sessions, configuration runs, NTP, QUIC video, a cluster's chatter,
 * and scanners refused by the security group.
 */
import type { FlowRecord } from "./flow-lines.js";
import { flowObject } from "./flow-lines.js";
import { EVAL_ACCOUNT, type Endpoint, type NetworkLists } from "./network-lists.js";
import type { SeededRandom } from "./seeded-random.js";

export type NetworkCase = {
  family: string;
  /** Types the case must raise; empty for benign traffic. */
  expected: string[];
  /** Types the case may also raise without being wrong (e.g. a listed attacker's accepted probe). */
  tolerated: string[];
  kind: "VPC_FLOW_LOGS" | "DNS_QUERY_LOGS";
  /** Log objects, in delivery order. */
  objects: string[];
};

type Instance = { eni: string; instance: string; address: string };

const T0 = 1_772_366_400; // 2026-03-01T12:00:00Z
const TCP = 6;
const UDP = 17;
const EMR_PORTS = [8088, 8998, 18080, 8890, 9870, 50070, 16010, 10000];
const PROBED_PORTS = [22, 23, 80, 443, 445, 1433, 2375, 3306, 3389, 5432, 5900, 6379, 8080, 9200, 11211, 27017];
const SWEPT_PORTS = [22, 23, 445, 2375, 3389, 5555, 6379, 8080];

export class FlowCases {
  private next = 0;

  constructor(
    private readonly random: SeededRandom,
    private readonly lists: NetworkLists,
  ) {}

  private instance(): Instance {
    const n = ++this.next;
    return { eni: `eni-0e${n.toString(16).padStart(15, "0")}`, instance: `i-0e${n.toString(16).padStart(15, "0")}`, address: `10.${this.random.int(0, 255)}.${this.random.int(0, 255)}.${this.random.int(4, 250)}` };
  }

  private privateAddress(): string {
    return `10.${this.random.int(0, 255)}.${this.random.int(0, 255)}.${this.random.int(4, 250)}`;
  }

  /** A public IPv4 address on no list. */
  private publicAddress(): string {
    for (;;) {
      const first = this.random.pick([3, 13, 18, 31, 34, 44, 52, 54, 62, 77, 81, 85, 93, 104, 142, 151, 172, 185, 193, 212]);
      const second = first === 172 ? this.random.int(32, 255) : this.random.int(0, 255);
      const address = `${first}.${second}.${this.random.int(0, 255)}.${this.random.int(1, 254)}`;
      if (this.lists.index.matchIp(EVAL_ACCOUNT, address).length === 0) return address;
    }
  }

  private ephemeral(): number {
    return this.random.int(32768, 60999);
  }

  private record(on: Instance, r: Partial<FlowRecord> & Pick<FlowRecord, "src" | "dst">): FlowRecord {
    const start = r.start ?? T0;
    return { account: EVAL_ACCOUNT, eni: on.eni, instance: on.instance, srcPort: 0, dstPort: 0, protocol: TCP, packets: 1, bytes: 60, ...r, start, end: r.end ?? start + 1, action: r.action ?? "ACCEPT" };
  }

  /** An exchange as the instance's interface logs it: the opener's record and, unless refused, the answer. */
  private exchange(on: Instance, opener: string, responder: string, options: { srcPort?: number; dstPort: number; protocol?: number; packets: number; bytes: number; back?: [number, number]; start?: number; action?: "ACCEPT" | "REJECT"; outbound: boolean; v5: boolean }): FlowRecord[] {
    const srcPort = options.srcPort ?? this.ephemeral();
    const protocol = options.protocol ?? TCP;
    const v5 = (direction: "ingress" | "egress", flags: number) => (options.v5 ? { direction, tcpFlags: protocol === TCP ? flags : undefined } : {});
    const there = this.record(on, { src: opener, dst: responder, srcPort, dstPort: options.dstPort, protocol, packets: options.packets, bytes: options.bytes, start: options.start, action: options.action, ...v5(options.outbound ? "egress" : "ingress", 3) });
    if (!options.back || options.action === "REJECT") return [there];
    const [packets, bytes] = options.back;
    return [there, this.record(on, { src: responder, dst: opener, srcPort: options.dstPort, dstPort: srcPort, protocol, packets, bytes, start: options.start, ...v5(options.outbound ? "ingress" : "egress", 19) })];
  }

  /**
   * The case's records in one to three objects, cut between capture seconds: AWS writes an interface's
   * records of one capture window to the same object, a connection's answer beside its request.
   */
  private flowCase(family: string, expected: string[], records: FlowRecord[], v5: boolean, tolerated: string[] = []): NetworkCase {
    const bySecond = new Map<number, FlowRecord[]>();
    for (const record of records) bySecond.set(record.start, [...(bySecond.get(record.start) ?? []), record]);
    const seconds = [...bySecond.keys()].sort((a, b) => a - b);
    const parts = Math.min(seconds.length, this.random.int(1, 3));
    const size = Math.ceil(seconds.length / parts);
    const objects = Array.from({ length: parts }, (_, i) => flowObject(seconds.slice(i * size, (i + 1) * size).flatMap((second) => bySecond.get(second)!), v5 ? 5 : 2));
    return { family, expected, tolerated, kind: "VPC_FLOW_LOGS", objects };
  }

  private outbound(family: string, type: string, endpoints: readonly Endpoint[], defaultPorts: number[]): NetworkCase[] {
    return endpoints.map((endpoint) => {
      const on = this.instance();
      const v5 = endpoint.address.includes(":") || this.random.next() < 0.5;
      const local = endpoint.address.includes(":") ? `2600:1f18:${this.random.int(1, 9999).toString(16)}::${this.random.int(1, 999).toString(16)}` : on.address;
      const refused = this.random.next() < 0.1;
      const packets = this.random.int(3, 40);
      const records = this.exchange(on, local, endpoint.address, {
        dstPort: endpoint.port ?? this.random.pick(defaultPorts),
        packets,
        bytes: packets * this.random.int(60, 900),
        back: [packets, packets * this.random.int(60, 1400)],
        action: refused ? "REJECT" : "ACCEPT",
        outbound: true,
        v5,
      });
      return this.flowCase(family, [type], records, v5);
    });
  }

  threatListConnections(): NetworkCase[] {
    return [
      ...this.outbound("C2 address", "Backdoor:EC2/C&CActivity.B", this.lists.c2, [443, 80, 8080, 4444]),
      ...this.outbound("mining address", "CryptoCurrency:EC2/BitcoinTool.B", this.lists.mining, [3333, 4444, 5555, 14444, 443]),
      ...this.outbound("Tor node", "UnauthorizedAccess:EC2/TorClient", this.lists.tor.map((address) => ({ address })), [9001, 443, 9030]),
      ...this.outbound("custom list address", "UnauthorizedAccess:EC2/MaliciousIPCaller.Custom", this.lists.custom.map((address) => ({ address })), [443, 8009, 22]),
    ];
  }

  portProbes(): NetworkCase[] {
    return this.lists.scanners.map((scanner, i) => {
      const on = this.instance();
      const emr = i % 3 === 0;
      const port = this.random.pick(emr ? EMR_PORTS : PROBED_PORTS);
      const v5 = this.random.next() < 0.5;
      const records = Array.from({ length: this.random.int(1, 3) }, (_, n) =>
        this.exchange(on, scanner, on.address, { dstPort: port, packets: this.random.int(1, 3), bytes: 60, back: [1, 44], start: T0 + n * 30, outbound: false, v5 }),
      ).flat();
      return this.flowCase(emr ? "probe of an EMR port" : "probe of an open port", [emr ? "Recon:EC2/PortProbeEMRUnprotectedPort" : "Recon:EC2/PortProbeUnprotectedPort"], records, v5);
    });
  }

  portScans(count: number): NetworkCase[] {
    return Array.from({ length: count }, (_, i) => {
      const on = this.instance();
      const variant = i % 3;
      const target = variant === 0 ? this.privateAddress() : this.publicAddress();
      const ports = this.random.sample(Array.from({ length: 10000 }, (_, p) => p + 1), this.random.int(30, 1000));
      const open = new Set(this.random.sample(ports, 3));
      const v5 = variant === 1;
      const srcPort = this.ephemeral();
      const records = ports.flatMap((port, n) => {
        const start = T0 + Math.floor(n / 20);
        if (variant === 2) return this.exchange(on, on.address, target, { srcPort, dstPort: port, protocol: UDP, packets: 1, bytes: 28 + this.random.int(0, 40), start, outbound: true, v5 });
        const isOpen = open.has(port);
        return this.exchange(on, on.address, target, {
          srcPort: variant === 1 ? srcPort : this.ephemeral(),
          dstPort: port,
          packets: isOpen ? 3 : 2,
          bytes: isOpen ? 152 : 120,
          back: isOpen ? [1, 60] : variant === 0 ? undefined : [1, 40],
          start,
          outbound: true,
          v5,
        });
      });
      return this.flowCase(["port scan inside the VPC", "SYN scan of a public host", "UDP scan"][variant], ["Recon:EC2/Portscan"], records, v5);
    });
  }

  portSweeps(count: number): NetworkCase[] {
    return Array.from({ length: count }, (_, i) => {
      const on = this.instance();
      const udp = i % 4 === 3;
      const port = udp ? this.random.pick([161, 1900, 123]) : this.random.pick(SWEPT_PORTS);
      const v5 = i % 2 === 0;
      const records = Array.from({ length: this.random.int(40, 400) }, (_, n) => {
        const answered = this.random.next() < 0.05;
        return this.exchange(on, on.address, this.publicAddress(), {
          dstPort: port,
          protocol: udp ? UDP : TCP,
          packets: udp ? 1 : 2,
          bytes: udp ? 90 : 120,
          back: answered ? [1, udp ? 200 : 40] : undefined,
          start: T0 + Math.floor(n / 10),
          outbound: true,
          v5,
        });
      }).flat();
      return this.flowCase(udp ? "UDP sweep" : "TCP sweep", ["Impact:EC2/PortSweep"], records, v5);
    });
  }

  bruteForce(count: number): NetworkCase[] {
    const services: Array<[string, number[]]> = [
      ["UnauthorizedAccess:EC2/SSHBruteForce", [22]],
      ["UnauthorizedAccess:EC2/RDPBruteForce", [3389]],
      ["Impact:EC2/WinRMBruteForce", [5985, 5986]],
    ];
    return services.flatMap(([type, ports]) =>
      Array.from({ length: count }, (_, i) => {
        const on = this.instance();
        const variant = i % 3;
        const v5 = variant === 2;
        const attacker = variant === 0 ? this.random.pick(this.lists.malicious) : variant === 1 ? this.privateAddress() : on.address;
        const victim = variant === 2 ? this.publicAddress() : on.address;
        const port = this.random.pick(ports);
        const records = Array.from({ length: this.random.int(25, 200) }, (_, n) => {
          const packets = this.random.int(12, 40);
          return this.exchange(on, attacker, victim, { dstPort: port, packets, bytes: packets * 110, back: [packets, packets * 150], start: T0 + n * 2, outbound: variant === 2, v5 });
        }).flat();
        const family = ["from a listed host", "inside the VPC", "by the instance"][variant];
        return this.flowCase(`${type.split("/")[1]} ${family}`, [type], records, v5, variant === 0 ? ["Recon:EC2/PortProbeUnprotectedPort"] : []);
      }),
    );
  }

  floods(count: number): NetworkCase[] {
    const out: NetworkCase[] = [];
    for (let i = 0; i < count; i++) {
      const make = (family: string, expected: string[], build: (on: Instance, victim: string) => FlowRecord[]) => {
        const on = this.instance();
        out.push(this.flowCase(family, expected, build(on, this.publicAddress()), false));
      };
      const seconds = this.random.int(3, 60);
      make("UDP flood to a TCP port", ["Backdoor:EC2/DenialOfService.Udp", "Backdoor:EC2/DenialOfService.UdpOnTcpPorts"], (on, victim) => [
        this.record(on, { src: on.address, dst: victim, srcPort: this.ephemeral(), dstPort: this.random.pick([80, 22, 445]), protocol: UDP, packets: 400_000, bytes: 420_800_000, start: T0, end: T0 + seconds }),
      ]);
      make("UDP flood", ["Backdoor:EC2/DenialOfService.Udp"], (on, victim) => [
        this.record(on, { src: on.address, dst: victim, srcPort: this.ephemeral(), dstPort: this.random.int(10000, 60000), protocol: UDP, packets: 300_000 + this.random.int(0, 500_000), bytes: 300_000_000, start: T0, end: T0 + seconds }),
      ]);
      make("DNS flood", ["Backdoor:EC2/DenialOfService.Dns"], (on, victim) =>
        Array.from({ length: 1_500 }, (_, n) => this.record(on, { src: on.address, dst: victim, srcPort: 20000 + n, dstPort: 53, protocol: UDP, packets: 100, bytes: 9_200, start: T0 + Math.floor((n * seconds) / 1_500) })),
      );
      make("SYN flood", ["Backdoor:EC2/DenialOfService.Tcp"], (on, victim) =>
        Array.from({ length: 1_000 }, (_, n) => this.record(on, { src: on.address, dst: victim, srcPort: 10000 + n, dstPort: 443, packets: 200, bytes: 12_000, start: T0 + Math.floor((n * seconds) / 1_000) })),
      );
      make("unusual-protocol flood", ["Backdoor:EC2/DenialOfService.UnusualProtocol"], (on, victim) => [
        this.record(on, { src: on.address, dst: victim, protocol: this.random.pick([2, 47, 103]), packets: 50_000, bytes: 3_000_000, start: T0, end: T0 + Math.min(seconds, 20) }),
      ]);
    }
    return out;
  }

  torRelays(count: number): NetworkCase[] {
    return Array.from({ length: count }, () => {
      const on = this.instance();
      const peers = this.random.sample(this.lists.tor.filter((address) => !address.includes(":")), this.random.int(8, 40));
      const half = Math.floor(peers.length / 2);
      const records = peers.flatMap((peer, n) =>
        this.exchange(on, n < half ? peer : on.address, n < half ? on.address : peer, { dstPort: 9001, packets: 800, bytes: 600_000, back: [700, 500_000], start: T0 + n * 5, outbound: n >= half, v5: false }),
      );
      return this.flowCase("Tor relay", ["UnauthorizedAccess:EC2/TorRelay"], records, false, ["UnauthorizedAccess:EC2/TorClient"]);
    });
  }

  benign(count: number): NetworkCase[] {
    const out: NetworkCase[] = [];
    const add = (family: string, build: (on: Instance) => FlowRecord[], v5 = false) => {
      const on = this.instance();
      out.push(this.flowCase(family, [], build(on), v5));
    };
    for (let i = 0; i < count; i++) {
      add("web server and its clients", (on) =>
        Array.from({ length: 300 }, (_, n) => this.exchange(on, this.publicAddress(), on.address, { dstPort: 443, packets: 12, bytes: 1_800, back: [14, 16_000], start: T0 + n, outbound: false, v5: false })).flat(),
      );
      add("crawler", (on) =>
        Array.from({ length: 200 }, (_, n) => {
          const dead = this.random.next() < 0.05;
          return this.exchange(on, on.address, this.publicAddress(), { dstPort: this.random.pick([80, 443]), packets: dead ? 2 : 10, bytes: dead ? 120 : 1_400, back: dead ? undefined : [20, 30_000], start: T0 + n * 2, outbound: true, v5: false });
        }).flat(),
      );
      add("recursive resolver", (on) =>
        Array.from({ length: 400 }, (_, n) => this.exchange(on, on.address, this.publicAddress(), { dstPort: 53, protocol: UDP, packets: 1, bytes: 72, back: [1, 240], start: T0 + Math.floor(n / 4), outbound: true, v5: false })).flat(),
      );
      add("backup upload", (on) => this.exchange(on, on.address, this.publicAddress(), { dstPort: 443, packets: 2_000_000, bytes: 2_900_000_000, back: [900_000, 47_000_000], start: T0, outbound: true, v5: false }).map((r) => ({ ...r, end: T0 + 280 })));
      add("download", (on) => this.exchange(on, on.address, this.publicAddress(), { dstPort: 443, packets: 600_000, bytes: 31_000_000, back: [1_200_000, 1_700_000_000], start: T0, outbound: true, v5: false }).map((r) => ({ ...r, end: T0 + 120 })));
      add("metrics scraping", (on) => {
        const target = this.privateAddress();
        return Array.from({ length: 25 }, (_, p) => [0, 30, 60].flatMap((t) => this.exchange(on, on.address, target, { dstPort: 9100 + p, packets: 8, bytes: 900, back: [10, 14_000], start: T0 + t, outbound: true, v5: false }))).flat();
      });
      add("administrators' SSH sessions", (on) =>
        Array.from({ length: 6 }, (_, n) => this.exchange(on, this.publicAddress(), on.address, { dstPort: 22, packets: 2_000, bytes: 300_000, back: [2_500, 900_000], start: T0 + n * 60, outbound: false, v5: true })).flat(), true);
      add("configuration run over SSH", (on) => {
        const controller = this.privateAddress();
        return Array.from({ length: 15 }, (_, n) => this.exchange(on, controller, on.address, { dstPort: 22, packets: 60, bytes: 9_000, back: [50, 20_000], start: T0 + n * 30, outbound: false, v5: false })).flat();
      });
      add("NTP", (on) => Array.from({ length: 4 }, (_, n) => this.exchange(on, on.address, this.publicAddress(), { srcPort: 123, dstPort: 123, protocol: UDP, packets: 8, bytes: 608, back: [8, 608], start: T0 + n, outbound: true, v5: false })).flat());
      add("QUIC video", (on) => this.exchange(on, on.address, this.publicAddress(), { dstPort: 443, protocol: UDP, packets: 500_000, bytes: 650_000_000, back: [120_000, 9_000_000], start: T0, outbound: true, v5: false }).map((r) => ({ ...r, end: T0 + 200 })));
      add("cluster chatter", (on) => {
        const peers = Array.from({ length: 8 }, () => this.privateAddress());
        return peers.flatMap((peer, n) => [10250, 443, 2379, 8472, 9100].flatMap((port) => this.exchange(on, on.address, peer, { dstPort: port, packets: 40, bytes: 9_000, back: [40, 12_000], start: T0 + n, outbound: true, v5: false })));
      });
      add("scanners refused by the security group", (on) =>
        this.random.sample(this.lists.scanners, 20).flatMap((scanner, n) => this.exchange(on, scanner, on.address, { dstPort: this.random.pick(PROBED_PORTS), packets: 1, bytes: 44, start: T0 + n, action: "REJECT", outbound: false, v5: false })),
      );
    }
    return out;
  }
}
