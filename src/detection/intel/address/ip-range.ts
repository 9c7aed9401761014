/**
 * An inclusive address range (STIX 1.x `InclusiveBetween`) as the smallest set of CIDRs covering
 * exactly that range. Runs at parse time only, so BigInt keeps one algorithm for both families.
 */
import { formatIpv4 } from "./ipv4.js";
import { formatIpv6 } from "./ipv6.js";
import { parseIpInto, type IpFamily } from "./ip-text.js";

type Endpoint = { family: IpFamily; value: bigint };

export function rangeToCidrs(firstText: string, lastText: string): string[] | { reason: string } {
  const first = endpoint(firstText);
  const last = endpoint(lastText);
  if (!first || !last) return { reason: "range bound is not an IP address" };
  if (first.family !== last.family) return { reason: "range mixes IPv4 and IPv6" };
  if (first.value > last.value) return { reason: "range starts after it ends" };
  const bits = first.family === 4 ? 32 : 128;
  const cidrs: string[] = [];
  let start = first.value;
  while (start <= last.value) {
    let size = 0;
    // Grow the block while it stays aligned on `start` and inside the range.
    while (size < bits && start % (1n << BigInt(size + 1)) === 0n && start + (1n << BigInt(size + 1)) - 1n <= last.value) {
      size++;
    }
    cidrs.push(`${format(first.family, start)}/${bits - size}`);
    start += 1n << BigInt(size);
  }
  return cidrs;
}

function endpoint(text: string): Endpoint | undefined {
  const words = new Uint32Array(4);
  const family = parseIpInto(text.trim(), words);
  if (family === 0) return undefined;
  if (family === 4) return { family, value: BigInt(words[0]) };
  let value = 0n;
  for (const word of words) value = (value << 32n) | BigInt(word);
  return { family, value };
}

function format(family: IpFamily, value: bigint): string {
  if (family === 4) return formatIpv4(Number(value));
  const words = new Uint32Array(4);
  for (let k = 3; k >= 0; k--) {
    words[k] = Number(value & 0xffffffffn);
    value >>= 32n;
  }
  return formatIpv6(words);
}
