/**
 * Turns one indicator as written in a list into a canonical entry, or says why it cannot. Every
 * format parser goes through here, so "normalized" means the same thing for all of them.
 */
import { normalizeDomainEntry } from "../domain/domain-name.js";
import { explainBadIpv4, formatIpv4, ipv4Mask } from "../address/ipv4.js";
import { formatIpv6, ipv6WordMask } from "../address/ipv6.js";
import { parseIpInto } from "../address/ip-text.js";
import type { EntryKind, ListEntry } from "./types.js";

export type EntryValue = { value: string; kind: EntryKind };
export type EntryValueResult = EntryValue | { reason: string };

const scratch = new Uint32Array(4);
const DOTTED_DIGITS = /^[0-9.]+$/;
/** host:port, [IPv6]:port — never a bare IPv6 address, whose first group is followed by more groups. */
const HOST_WITH_PORT = /^(?:[^\s:/[\]]+|\[[0-9a-f:.]+\]):\d{1,5}$/i;

export function isEntryValue(result: EntryValueResult): result is EntryValue {
  return "value" in result;
}

export function parseEntryValue(raw: string): EntryValueResult {
  const text = refang(raw.trim());
  if (text === "") return { reason: "empty value" };
  if (text.includes("://")) return parseUrlHost(text);
  if (HOST_WITH_PORT.test(text)) return { reason: "a port is not supported: list the address or domain alone" };
  if (text.includes("/")) return parseCidr(text);
  if (text.includes(":")) return parseAddress(text.replace(/^\[(.*)\]$/, "$1"));
  if (DOTTED_DIGITS.test(text)) return parseAddress(text);
  const domain = normalizeDomainEntry(text);
  return typeof domain === "string" ? { reason: domain } : domain;
}

/** Adds the entry's threat names, if any, without storing empty arrays. */
export function withThreatNames(value: EntryValue, threatNames: readonly string[]): ListEntry {
  const names = threatNames.map((name) => name.trim()).filter((name) => name !== "");
  return names.length > 0 ? { ...value, threatNames: [...new Set(names)] } : value;
}

/** Undoes the usual defanging of shared indicators: evil[.]com, hxxp://, 1.2.3[.]4. */
function refang(text: string): string {
  if (!/[[({]|hxxp/i.test(text)) return text;
  return text.replace(/[[({]\.[\])}]/g, ".").replace(/\[:\]/g, ":").replace(/^hxxp/i, "http");
}

function parseUrlHost(text: string): EntryValueResult {
  let host: string;
  try {
    host = new URL(text).hostname;
  } catch {
    return { reason: "invalid URL" };
  }
  if (host === "") return { reason: "URL without a host" };
  const entry = parseEntryValue(host.replace(/^\[(.*)\]$/, "$1"));
  return isEntryValue(entry) && entry.kind === "wildcard" ? { reason: "invalid URL host" } : entry;
}

function parseAddress(text: string): EntryValueResult {
  if (text.includes("%")) return { reason: "IPv6 zone ids are not allowed in lists" };
  const family = parseIpInto(text, scratch);
  if (family === 4) return { value: formatIpv4(scratch[0]), kind: "ipv4" };
  if (family === 6) return { value: formatIpv6(scratch), kind: "ipv6" };
  return { reason: text.includes(":") ? "invalid IPv6 address" : explainBadIpv4(text) };
}

function parseCidr(text: string): EntryValueResult {
  const slash = text.lastIndexOf("/");
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const address = parseAddress(addressText);
  if (!isEntryValue(address)) return { reason: `invalid CIDR: ${address.reason}` };
  if (!/^\d{1,3}$/.test(prefixText)) return { reason: "invalid CIDR: prefix length is not a number" };
  let prefix = Number(prefixText);
  // An IPv4-mapped network (::ffff:1.2.3.0/120) was turned into IPv4 above; its prefix follows.
  if (address.kind === "ipv4" && addressText.includes(":")) prefix -= 96;
  const maximum = address.kind === "ipv4" ? 32 : 128;
  if (prefix < 0 || prefix > maximum) {
    return { reason: `invalid CIDR: prefix /${prefixText} is out of range 0-${maximum} for IPv${address.kind === "ipv4" ? 4 : 6}` };
  }
  if (prefix === maximum) return address;
  parseIpInto(address.value, scratch);
  if (address.kind === "ipv4") {
    return { value: `${formatIpv4((scratch[0] & ipv4Mask(prefix)) >>> 0)}/${prefix}`, kind: "cidr4" };
  }
  for (let k = 0; k < 4; k++) scratch[k] = (scratch[k] & ipv6WordMask(prefix, k)) >>> 0;
  return { value: `${formatIpv6(scratch)}/${prefix}`, kind: "cidr6" };
}
