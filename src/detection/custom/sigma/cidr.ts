/** IPv4 and IPv6 CIDR blocks for the `cidr` modifier, as bigint ranges. */
type Address = { version: 4 | 6; value: bigint };

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let body = text.toLowerCase().split("%")[0]!;
  // An IPv4 tail (::ffff:10.0.0.1) is two groups written in decimal.
  const v4Start = body.lastIndexOf(":") + 1;
  if (body.includes(".")) {
    const v4 = parseIpv4(body.slice(v4Start));
    if (v4 === undefined) return undefined;
    body = `${body.slice(0, v4Start)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  let value = 0n;
  for (const group of [...head, ...Array<string>(missing).fill("0"), ...tail]) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

export function parseAddress(text: string): Address | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = text.includes(":") ? parseIpv6(text) : undefined;
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

/** A test of "is this text an address inside the block"; undefined for a block that does not parse. */
export function cidrTest(block: string): ((text: string) => boolean) | undefined {
  const [base, prefixText] = block.trim().split("/");
  const address = parseAddress(base ?? "");
  if (!address) return undefined;
  const bits = address.version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits || (prefixText !== undefined && !/^\d+$/.test(prefixText))) return undefined;
  const shift = BigInt(bits - prefix);
  const network = address.value >> shift;
  return (text) => {
    const candidate = parseAddress(text.trim());
    return candidate !== undefined && candidate.version === address.version && candidate.value >> shift === network;
  };
}
