/**
 * Strict dotted-quad IPv4 parsing to an unsigned 32-bit number. Hand-written because lookups parse
 * one address per log record and ipaddr.js takes over a microsecond per parse; it is also stricter:
 * a leading zero ("010.1.1.1") is refused instead of being read as octal.
 */

/** The address in text[start, end) as an unsigned 32-bit number, or -1 when it is not a strict dotted quad. */
export function parseIpv4(text: string, start = 0, end = text.length): number {
  let value = 0;
  let parts = 0;
  let octet = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const code = i < end ? text.charCodeAt(i) : 46;
    if (code === 46) {
      if (digits === 0 || octet > 255 || parts === 4) return -1;
      value = value * 256 + octet;
      parts++;
      octet = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (code - 48);
      if (++digits > 3) return -1;
    } else {
      return -1;
    }
  }
  return parts === 4 ? value : -1;
}

export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Why a digits-and-dots string is not an IPv4 address, for rejection messages. */
export function explainBadIpv4(text: string): string {
  const parts = text.split(".");
  if (parts.length !== 4) return `invalid IPv4 address: ${parts.length} parts instead of 4`;
  for (const part of parts) {
    if (part === "") return "invalid IPv4 address: empty octet";
    if (part.length > 1 && part.startsWith("0")) return `invalid IPv4 address: octet "${part}" has a leading zero (ambiguous octal)`;
    if (Number(part) > 255) return `invalid IPv4 address: octet ${part} is out of range 0-255`;
  }
  return "invalid IPv4 address";
}

/** The network mask of a prefix length, as an unsigned 32-bit number. */
export function ipv4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}
