/**
 * The link-local addresses that hand out credentials: the EC2 instance metadata service (IPv4 and its
 * Nitro IPv6 address), the ECS task metadata/credentials endpoint and the EKS Pod Identity agent.
 * Answers are compared as addresses, so any spelling (fd00:ec2:0:0:0:0:0:254, ::ffff:169.254.169.254)
 * matches.
 */
import { parseIpInto } from "../../../intel/address/ip-text.js";

const SERVICES: ReadonlyArray<[address: string, service: string]> = [
  ["169.254.169.254", "the EC2 instance metadata service"],
  ["fd00:ec2::254", "the EC2 instance metadata service"],
  ["169.254.170.2", "the ECS task metadata and credentials endpoint"],
  ["169.254.170.23", "the EKS Pod Identity agent"],
  ["fd00:ec2::23", "the EKS Pod Identity agent"],
];

const words = new Uint32Array(4);

function canonical(text: string): string | undefined {
  const family = parseIpInto(text, words);
  if (family === 4) return `4:${words[0]}`;
  if (family === 6) return `6:${words[0]}:${words[1]}:${words[2]}:${words[3]}`;
  return undefined;
}

const BY_ADDRESS: ReadonlyMap<string, string> = new Map(SERVICES.map(([address, service]) => [canonical(address)!, service]));

/** The credential service an answer points at, if any. */
export function credentialServiceAt(data: string): string | undefined {
  // Cheap pre-check: every such address starts 169.254 or fd00/::ffff in some spelling.
  if (!data.startsWith("169.254.") && !data.includes(":")) return undefined;
  const key = canonical(data.trim());
  return key === undefined ? undefined : BY_ADDRESS.get(key);
}
