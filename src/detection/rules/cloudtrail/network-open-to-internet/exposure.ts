/**
 * What an EC2 firewall rule opens to the internet. A range is "the internet" when it spans at least
 * a sixteenth of the IPv4 space (prefix /4 or shorter: 0.0.0.0/0, and the 0.0.0.0/1 halves that
 * dodge a literal /0 check) or an eighth of IPv6 (/3 or shorter: ::/0, 2000::/3). Only the prefix
 * length is read: a /0 is the whole space whatever its address bits, and anonymised captures rewrite
 * 0.0.0.0/0 as 198.51.100.4/0. Administrative ports are remote shells and desktops, and data stores
 * that should never face the internet.
 */
import { asArray, field, text } from "../shared/request.js";

const ADMIN_PORTS: ReadonlyArray<[port: number, service: string]> = [
  [22, "SSH"],
  [23, "Telnet"],
  [445, "SMB"],
  [1433, "SQL Server"],
  [1521, "Oracle"],
  [2375, "Docker API"],
  [2376, "Docker API (TLS)"],
  [3306, "MySQL"],
  [3389, "RDP"],
  [5432, "PostgreSQL"],
  [5900, "VNC"],
  [5985, "WinRM"],
  [5986, "WinRM (HTTPS)"],
  [6379, "Redis"],
  [9200, "Elasticsearch"],
  [11211, "Memcached"],
  [27017, "MongoDB"],
];

const ALL_PROTOCOLS = new Set(["-1", "all"]);
const PORT_PROTOCOLS = new Set(["tcp", "udp", "6", "17"]);

export function isInternetRange(cidr: string): boolean {
  const slash = cidr.indexOf("/");
  if (slash < 0) return false;
  const prefix = Number(cidr.slice(slash + 1));
  if (!Number.isInteger(prefix)) return false;
  return cidr.includes(":") ? prefix <= 3 : prefix <= 4;
}

function port(value: unknown): number | undefined {
  const raw = typeof value === "string" ? Number(value) : value;
  return typeof raw === "number" && Number.isInteger(raw) ? raw : undefined;
}

function protocolName(protocol: unknown): string {
  return String(text(protocol) ?? protocol ?? "").toLowerCase();
}

/** Protocol -1: every protocol and port. */
export function isAllTraffic(protocol: unknown): boolean {
  return ALL_PROTOCOLS.has(protocolName(protocol));
}

export type PortRule = { protocol: unknown; fromPort: unknown; toPort: unknown };

/** "all traffic", "tcp 22 (SSH)", "tcp 0-65535 (SSH, RDP…)"; undefined when no administrative port is open. */
export function exposedServices(rule: PortRule): { allTraffic: boolean; opened: string } | undefined {
  const protocol = protocolName(rule.protocol);
  if (ALL_PROTOCOLS.has(protocol)) return { allTraffic: true, opened: "all traffic" };
  if (!PORT_PROTOCOLS.has(protocol)) return undefined;
  const from = port(rule.fromPort) ?? -1;
  const to = port(rule.toPort) ?? -1;
  const [low, high] = from < 0 || to < 0 ? [0, 65535] : [from, to];
  const services = ADMIN_PORTS.filter(([number]) => number >= low && number <= high).map(([, service]) => service);
  if (services.length === 0) return undefined;
  const name = protocol === "6" ? "tcp" : protocol === "17" ? "udp" : protocol;
  const ports = low === high ? `${low}` : `${low}-${high}`;
  return { allTraffic: low === 0 && high === 65535, opened: `${name} ${ports} (${[...new Set(services)].join(", ")})` };
}

/** Every CIDR text a security-group permission lists (ipRanges / ipv6Ranges, with or without `items`). */
export function permissionRanges(permission: unknown): string[] {
  const ranges: string[] = [];
  for (const [list, key] of [["ipRanges", "cidrIp"], ["ipv6Ranges", "cidrIpv6"]] as const) {
    const value = field(permission, list);
    for (const range of asArray(field(value, "items") ?? value)) {
      const cidr = text(field(range, key)) ?? text(range);
      if (cidr) ranges.push(cidr.trim());
    }
  }
  return ranges;
}
